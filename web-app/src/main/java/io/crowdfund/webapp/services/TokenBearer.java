package io.crowdfund.webapp.services;

/** A signed-in principal whose token the services' clients send as the bearer. */
public interface TokenBearer {

    String accessToken();
}
