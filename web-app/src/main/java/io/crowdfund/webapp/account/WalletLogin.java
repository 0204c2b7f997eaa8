package io.crowdfund.webapp.account;

import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

import io.crowdfund.webapp.services.ServiceProblem;
import io.crowdfund.webapp.services.ServiceUnavailable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Logs a person in with wallet-service: their username and password are exchanged for a token,
 * which stays in the server-side session. The token comes straight from its issuer over this
 * server's own connection, so its claims are read, not verified again (every service verifies it).
 */
@Component
class WalletLogin implements AuthenticationProvider {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AccountClient accounts;

    WalletLogin(AccountClient accounts) {
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        String password = String.valueOf(authentication.getCredentials());
        AccountClient.Token token;
        try {
            token = accounts.token(new AccountClient.Credentials(username, password));
        } catch (ServiceProblem problem) {
            if (problem.is(429)) {
                throw new LockedException("Too many attempts to log in. Wait a few minutes, then try again.");
            }
            throw new BadCredentialsException("Wrong username or password.");
        } catch (ServiceUnavailable | ResourceAccessException down) {
            throw new AuthenticationServiceException("Logging in is not possible right now. Please try again in a moment.", down);
        }
        SignedInUser user = signedIn(token);
        List<SimpleGrantedAuthority> authorities = user.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static SignedInUser signedIn(AccountClient.Token token) {
        String[] parts = token.accessToken().split("\\.");
        if (parts.length != 3) {
            throw new AuthenticationServiceException("wallet-service answered with a token that is not a JWT");
        }
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        Set<String> roles = new HashSet<>();
        claims.path("roles").forEach(role -> roles.add(role.asString()));
        return new SignedInUser(UUID.fromString(claims.path("sub").asString()), claims.path("preferred_username").asString(),
                Set.copyOf(roles), token.accessToken(), Instant.now().plusSeconds(token.expiresIn()));
    }
}
