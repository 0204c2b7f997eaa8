package io.crowdfund.webapp.services;

/** A service could not be reached or failed (5xx): not the person's doing; the page says to try again. */
public class ServiceUnavailable extends RuntimeException {

    public ServiceUnavailable(String service, Throwable cause) {
        super(service + " is unavailable", cause);
    }
}
