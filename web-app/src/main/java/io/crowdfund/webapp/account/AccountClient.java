package io.crowdfund.webapp.account;

import java.util.UUID;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/** wallet-service's accounts and tokens. */
@HttpExchange
interface AccountClient {

    @PostExchange("/users")
    User register(@RequestBody Registration registration);

    @PostExchange("/auth/token")
    Token token(@RequestBody Credentials credentials);

    record Registration(String username, String email, String password) {
    }

    record User(UUID id, String username, String email) {
    }

    record Credentials(String username, String password) {
    }

    record Token(String accessToken, String tokenType, long expiresIn) {
    }
}
