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
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@RestController
@Tag(name = "Accounts")
class TokenController {

    private final Login login;
    private final TokenKeys keys;

    TokenController(Login login, TokenKeys keys) {
        this.login = login;
        this.keys = keys;
    }

    @Schema(name = "Credentials")
    record Credentials(@Schema(example = "ada_lovelace") @NotBlank @Size(max = 40) String username,
            @Schema(example = "correct horse battery") @NotBlank @Size(max = 200) String password) {
    }

    @Schema(name = "Token")
    record TokenResponse(@Schema(description = "a JWT to send as `Authorization: Bearer <token>`") String accessToken,
            @Schema(example = "Bearer") String tokenType, @Schema(description = "seconds until it expires", example = "3600") long expiresIn) {
    }

    @PostMapping("/auth/token")
    @Operation(operationId = "createToken", summary = "Log in", description = "Issues an RS256 access token. 401 on bad credentials, 429 after too many attempts.")
    @ApiResponse(responseCode = "200", description = "The access token")
    @ApiResponse(responseCode = "401", description = "The username and password do not match an account")
    @ApiResponse(responseCode = "429", description = "Too many failed attempts for this username or address; try again after Retry-After")
    TokenResponse token(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        TokenIssuer.AccessToken token = login.login(credentials.username(), credentials.password(), request.getRemoteAddr());
        return new TokenResponse(token.value(), "Bearer", token.validFor().toSeconds());
    }

    @GetMapping("/.well-known/jwks.json")
    @Operation(operationId = "getJwks", summary = "The public keys that verify access tokens (JWKS)")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()).body(keys.publicJwks());
    }
}
