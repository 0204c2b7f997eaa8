package io.crowdfund.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestTokens;

/** Deposits, their idempotency and the ledger, over real HTTP against real PostgreSQL. */
@IntegrationTest
class DepositsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient sql;

    HttpTestClient http() {
        return HttpTestClient.local(port);
    }

    static String amount(String value) {
        return "{\"amount\": " + value + "}";
    }

    @Test
    void depositsIntoTheCallersWallet() {
        var user = new WalletUsers(http()).register("saver");
        Response deposit = http().post("/wallets/me/deposits", user.token(), amount("250.50"));
        assertThat(deposit.status()).isEqualTo(201);
        assertThat(deposit.json().get("amount").decimalValue()).isEqualByComparingTo("250.50");
        assertThat(deposit.json().get("balance").decimalValue()).isEqualByComparingTo("250.50");
        assertThat(deposit.json().get("currency").asString()).isEqualTo("USD");
        Response wallet = http().get("/wallets/me", user.token());
        assertThat(wallet.json().get("balance").asString()).isEqualTo("250.50");
        assertThat(wallet.json().get("reserved").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void answersARepeatedIdempotencyKeyWithTheFirstDeposit() {
        String token = new WalletUsers(http()).register("retrier").token();
        String key = UUID.randomUUID().toString();
        Response first = http().post("/wallets/me/deposits", token, amount("40"), "Idempotency-Key", key);
        Response again = http().post("/wallets/me/deposits", token, amount("40.00"), "Idempotency-Key", key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("transactionId")).isEqualTo(first.json().get("transactionId"));
        Response otherBody = http().post("/wallets/me/deposits", token, amount("41"), "Idempotency-Key", key);
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.isProblem()).isTrue();
        assertThat(http().get("/wallets/me", token).json().get("balance").decimalValue()).isEqualByComparingTo("40");
    }

    @Test
    void refusesInvalidAmountsWritingNothing() {
        var user = new WalletUsers(http()).register("fumbler");
        for (String body : List.of(amount("-5"), amount("0"), amount("1.001"), amount("1000000.01"), amount("\"abc\""),
                amount("null"), "{}", "{\"amount\": ", "[]", amount("1e400"))) {
            Response response = http().post("/wallets/me/deposits", user.token(), body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.isProblem()).as(body).isTrue();
        }
        Response tooLarge = http().post("/wallets/me/deposits", user.token(), "{\"amount\": 1, \"padding\": \"" + "x".repeat(70_000) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        Response badKey = http().post("/wallets/me/deposits", user.token(), amount("5"), "Idempotency-Key", "k".repeat(201));
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(sql.sql("select count(*) from ledger where user_id = ?").param(user.id()).query(Long.class).single()).isZero();
    }

    @Test
    void namesTheBrokenAmountRule() {
        String token = new WalletUsers(http()).register("precise").token();
        Response response = http().post("/wallets/me/deposits", token, amount("1.001"));
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("amount");
        assertThat(response.json().get("errors").get(0).get("message").asString()).isEqualTo("must have at most 2 decimal places");
    }

    @Test
    void listsTheCallersTransactionsNewestFirstInPages() {
        String token = new WalletUsers(http()).register("statement").token();
        for (String value : List.of("1", "2", "3")) {
            assertThat(http().post("/wallets/me/deposits", token, amount(value)).status()).isEqualTo(201);
        }
        Response page = http().get("/wallets/me/transactions?page=0&size=2", token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().get("content").findValuesAsString("type")).containsExactly("DEPOSIT", "DEPOSIT");
        assertThat(page.json().get("content").get(0).get("amount").decimalValue()).isEqualByComparingTo("3");
        assertThat(page.json().get("page").get("totalElements").asLong()).isEqualTo(3);
        assertThat(page.json().get("page").get("totalPages").asLong()).isEqualTo(2);
        assertThat(page.json().get("page").get("size").asLong()).isEqualTo(2);
    }

    @Test
    void showsOnlyTheCallersOwnWalletAndNeedsAToken() {
        String someone = new WalletUsers(http()).register("rich").token();
        http().post("/wallets/me/deposits", someone, amount("999"));
        UUID stranger = UUID.randomUUID();
        Response theirs = http().get("/wallets/me", TestTokens.user(stranger));
        assertThat(theirs.json().get("userId").asString()).isEqualTo(stranger.toString());
        assertThat(theirs.json().get("balance").decimalValue()).isEqualByComparingTo("0");
        assertThat(http().get("/wallets/me", null).status()).isEqualTo(401);
        assertThat(http().post("/wallets/me/deposits", null, amount("5")).status()).isEqualTo(401);
        assertThat(http().get("/wallets/me", TestTokens.forged(stranger)).status()).isEqualTo(401);
    }
}
