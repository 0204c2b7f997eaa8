package io.crowdfund.web;

import java.util.UUID;

import org.springframework.core.MethodParameter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves {@link Caller} parameters from the validated JWT: 401 without one, 403 if its subject is
 * not a user id; the username is the {@code preferred_username} claim, if the token has a non-blank one.
 */
class CallerResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer, NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            throw new AuthenticationCredentialsNotFoundException("No bearer token");
        }
        UUID id;
        try {
            id = UUID.fromString(token.getToken().getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new AccessDeniedException("The token's subject is not a user id of this platform");
        }
        boolean operator = token.getAuthorities().stream().anyMatch(authority -> "ROLE_OPERATOR".equals(authority.getAuthority()));
        String username = token.getToken().getClaimAsString(StandardClaimNames.PREFERRED_USERNAME);
        return new Caller(id, operator, username == null || username.isBlank() ? null : username);
    }
}
