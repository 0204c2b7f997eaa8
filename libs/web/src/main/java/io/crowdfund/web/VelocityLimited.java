package io.crowdfund.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a controller method under a velocity limit declared in {@code crowdfund.velocity.limits}: a
 * call takes one from the caller's (or the client address's) bucket after its arguments are bound
 * and validated, and before the method runs; an empty bucket answers 429 with Retry-After and the
 * method does not run. A malformed request is refused before it counts.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface VelocityLimited {

    /** The limit's name under {@code crowdfund.velocity.limits}. */
    String value();

    /** Whose bucket a call takes from. */
    Per per() default Per.CALLER;

    enum Per {
        /** The authenticated caller's (the token's subject); a call without one is not counted. */
        CALLER,
        /** The client address's, as the request shows it. */
        CLIENT_ADDRESS
    }
}
