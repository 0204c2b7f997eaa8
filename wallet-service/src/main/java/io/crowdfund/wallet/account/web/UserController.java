package io.crowdfund.wallet.account.web;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.crowdfund.wallet.account.Accounts;
import io.crowdfund.wallet.account.User;
import io.crowdfund.web.VelocityLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@Validated
@Tag(name = "Accounts", description = "Signing up and logging in (wallet-service)")
class UserController {

    private final Accounts accounts;

    UserController(Accounts accounts) {
        this.accounts = accounts;
    }

    @Schema(name = "NewUser")
    record Registration(
            @Schema(example = "ada_lovelace") @NotNull @Pattern(regexp = "[a-zA-Z0-9_.-]{3,40}", message = "must be 3-40 letters, digits, '_', '.' or '-'") String username,
            @Schema(example = "ada@example.com") @NotBlank @Email @Size(max = 254) String email,
            @Schema(example = "correct horse battery") @NotNull @Size(min = 8, max = 72) String password) {
    }

    @Schema(name = "User")
    record UserView(UUID id, String username, String email) {
    }

    @PostMapping("/users")
    @Operation(operationId = "registerUser", summary = "Register a user", description = "Creates the account and an empty wallet. 409 if the username or email is taken; "
            + "429 with Retry-After beyond the registrations allowed per client address and hour.")
    @ApiResponse(responseCode = "201", description = "The new user, with an empty wallet; log in with POST /auth/token")
    @ApiResponse(responseCode = "409", description = "The username or the email is taken")
    @VelocityLimited(value = "registrations-per-address", per = VelocityLimited.Per.CLIENT_ADDRESS)
    ResponseEntity<UserView> register(@Valid @RequestBody Registration registration) {
        User user = accounts.register(registration.username(), registration.email().trim(), registration.password());
        return ResponseEntity.status(HttpStatus.CREATED).body(new UserView(user.id(), user.username(), user.email()));
    }
}
