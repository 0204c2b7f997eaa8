package io.crowdfund.wallet.token.web;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.crowdfund.wallet.token.Login;
import io.crowdfund.wallet.token.TokenIssuer;
import io.crowdfund.wallet.token.TokenKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@RestController
class TokenController {

    private final Login login;
    private final TokenKeys keys;

    TokenController(Login login, TokenKeys keys) {
        this.login = login;
        this.keys = keys;
    }

    record Credentials(@Schema(example = "ada_lovelace") @NotBlank @Size(max = 40) String username,
            @Schema(example = "correct horse battery") @NotBlank @Size(max = 200) String password) {
    }

    record TokenResponse(String accessToken, String tokenType, long expiresIn) {
    }

    @PostMapping("/auth/token")
    @Operation(summary = "Log in", description = "Issues an RS256 access token. 401 on bad credentials, 429 after too many attempts.")
    @SecurityRequirements
    TokenResponse token(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        TokenIssuer.AccessToken token = login.login(credentials.username(), credentials.password(), request.getRemoteAddr());
        return new TokenResponse(token.value(), "Bearer", token.validFor().toSeconds());
    }

    @GetMapping("/.well-known/jwks.json")
    @Operation(summary = "The public keys that verify access tokens (JWKS)")
    @SecurityRequirements
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()).body(keys.publicJwks());
    }
}
