package io.crowdfund.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import io.crowdfund.contracts.wallet.UserRegistered;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceBaselineTests;
import io.crowdfund.testsupport.TestMessages;

/** Users, tokens and the JWKS over real HTTP, against real PostgreSQL and Kafka. */
class WalletServiceIntegrationTests extends ServiceBaselineTests {

    @Autowired
    JdbcClient sql;

    WalletUsers users() {
        return new WalletUsers(http());
    }

    @Test
    void registersAUserWithAnEmptyWalletAndTellsOtherServices() {
        String name = WalletUsers.uniqueName("ada");
        Response created = http().post("/users", null, WalletUsers.registration(name, name + "@example.com", "correct horse"));
        assertThat(created.status()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().get("id").asString());
        assertThat(created.json().get("username").asString()).isEqualTo(name);
        assertThat(created.json().has("password")).isFalse();
        assertThat(sql.sql("select balance from wallets where user_id = ?").param(id).query(java.math.BigDecimal.class).single())
                .isEqualByComparingTo("0");
        var events = TestMessages.readUntil(WalletChannels.EVENTS, Duration.ofSeconds(20),
                records -> TestMessages.payloads(records, UserRegistered.class).stream().anyMatch(e -> e.userId().equals(id)));
        assertThat(TestMessages.payloads(events, UserRegistered.class)).contains(new UserRegistered(id, name, name + "@example.com"));
    }

    @Test
    void refusesATakenUsernameOrEmailRegardlessOfCaseWithTheSameAnswerWhicheverIsTaken() {
        String name = WalletUsers.uniqueName("grace");
        assertThat(http().post("/users", null, WalletUsers.registration(name, name + "@example.com", "password1")).status()).isEqualTo(201);
        long before = userCount();
        Response sameName = http().post("/users", null, WalletUsers.registration(name.toUpperCase(), "other-" + name + "@example.com", "password1"));
        assertThat(sameName.status()).isEqualTo(409);
        assertThat(sameName.isProblem()).isTrue();
        Response sameEmail = http().post("/users", null, WalletUsers.registration("x" + name, name.toUpperCase() + "@EXAMPLE.com", "password1"));
        // which one is taken is not told: registering must not reveal whether an email has an account
        assertThat(sameEmail.status()).isEqualTo(sameName.status());
        assertThat(sameEmail.contentType()).isEqualTo(sameName.contentType());
        assertThat(sameEmail.body()).isEqualTo(sameName.body());
        assertThat(sameName.json().get("detail").asString()).isEqualTo("That username or email is already taken");
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void refusesInvalidRegistrationsWritingNothing() {
        long before = userCount();
        for (String body : List.of(
                WalletUsers.registration("ab", "ab@example.com", "password1"),
                WalletUsers.registration("has space", "space@example.com", "password1"),
                WalletUsers.registration("x".repeat(41), "long@example.com", "password1"),
                WalletUsers.registration(WalletUsers.uniqueName("ok"), "not-an-email", "password1"),
                WalletUsers.registration(WalletUsers.uniqueName("ok"), "short@example.com", "1234567"),
                WalletUsers.registration(WalletUsers.uniqueName("ok"), "bytes@example.com", "ü".repeat(40)),
                "{\"username\": \"nobody\"}",
                "{not json")) {
            Response response = http().post("/users", null, body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        Response invalid = http().post("/users", null, WalletUsers.registration("ab", "nope", "short"));
        assertThat(invalid.json().get("errors")).as(invalid.body()).isNotNull();
        assertThat(invalid.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("email", "password", "username");
        assertThat(userCount()).isEqualTo(before);
    }

    @Test
    void issuesTokensVerifiableThroughTheJwksForTheConfiguredIssuerAndAudience() {
        WalletUsers.Registered user = users().register("linus");
        Response token = http().post("/auth/token", null, WalletUsers.credentials(user.username(), WalletUsers.PASSWORD));
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(token.json().get("expiresIn").asLong()).isEqualTo(3600);
        Jwt jwt = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/.well-known/jwks.json").build()
                .decode(token.json().get("accessToken").asString());
        assertThat(jwt.getSubject()).isEqualTo(user.id().toString());
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("crowdfund-wallet");
        assertThat(jwt.getAudience()).containsExactly("crowdfund-api");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("USER");
        assertThat(http().get("/wallets/me", jwt.getTokenValue()).json().get("userId").asString()).isEqualTo(user.id().toString());
    }

    @Test
    void refusesBadCredentialsAlike() {
        WalletUsers.Registered user = users().register("mallory");
        Response wrongPassword = http().post("/auth/token", null, WalletUsers.credentials(user.username(), "wrong-password"));
        Response unknownUser = http().post("/auth/token", null, WalletUsers.credentials("nobody-" + user.username(), "wrong-password"));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("detail")).isEqualTo(unknownUser.json().get("detail"));
    }

    @Test
    void limitsFailedLoginsPerUsername() {
        WalletUsers.Registered user = users().register("eve"); // a successful login, which does not count
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(http().post("/auth/token", null, WalletUsers.credentials(user.username(), "guess-" + attempt)).status()).isEqualTo(401);
        }
        Response throttled = http().post("/auth/token", null, WalletUsers.credentials(user.username(), WalletUsers.PASSWORD));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.isProblem()).isTrue();
        assertThat(throttled.header("Retry-After")).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
    }

    @Test
    void createsTheConfiguredOperatorWhoAloneMayReconcile() {
        String operatorToken = users().login("operator", "operator-pass");
        String userToken = users().register("plain").token();
        assertThat(http().get("/wallets/reconciliation", userToken).status()).isEqualTo(403);
        Response report = http().get("/wallets/reconciliation", operatorToken);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().has("balanced")).isTrue();
    }

    private long userCount() {
        return sql.sql("select count(*) from users").query(Long.class).single();
    }
}
