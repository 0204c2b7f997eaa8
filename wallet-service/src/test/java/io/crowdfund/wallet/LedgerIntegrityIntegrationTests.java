package io.crowdfund.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.wallet.funds.Deposits;

/** The ledger refuses, in the database itself, whatever would rewrite history or break its rules: plain JDBC, no service code. */
@IntegrationTest
class LedgerIntegrityIntegrationTests {

    @Autowired
    Deposits deposits;

    @Autowired
    JdbcClient sql;

    @Test
    void refusesAnUpdateOfALedgerRow() {
        UUID entry = depositOf("25.00");
        assertThatThrownBy(() -> sql.sql("update ledger set amount = 2500 where id = ?").param(entry).update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql.sql("update ledger set amount = amount where false").update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("append-only");
        assertThat(amountOf(entry)).isEqualByComparingTo("25.00");
    }

    @Test
    void refusesADeleteOrTruncateOfLedgerRows() {
        UUID entry = depositOf("30.00");
        assertThatThrownBy(() -> sql.sql("delete from ledger where id = ?").param(entry).update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql.sql("truncate ledger cascade").update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("append-only");
        assertThat(amountOf(entry)).isEqualByComparingTo("30.00");
    }

    @Test
    void refusesAnEntryWhoseSignContradictsItsType() {
        UUID user = walletWith("10.00");
        for (String wrong : new String[] {"DEPOSIT -5.00", "PLEDGE 5.00", "PLEDGE_RELEASE -5.00", "REFUND -5.00", "PAYOUT -5.00", "DEPOSIT 0.00"}) {
            String[] entry = wrong.split(" ");
            assertThatThrownBy(() -> insert(user, entry[0], new BigDecimal(entry[1])))
                    .as(wrong).isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("ledger_sign_matches_type");
        }
        assertThat(sql.sql("select count(*) from ledger where user_id = ?").param(user).query(Long.class).single()).isOne();
    }

    @Test
    void refusesAnEntryOfAWalletOrHoldThatDoesNotExist() {
        assertThatThrownBy(() -> insert(UUID.randomUUID(), "DEPOSIT", new BigDecimal("5.00")))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("ledger_wallet_fk");
        UUID user = walletWith("10.00");
        assertThatThrownBy(() -> sql.sql("insert into ledger (id, user_id, type, amount, pledge_id) values (?, ?, 'PLEDGE', -5.00, ?)")
                .params(UUID.randomUUID(), user, UUID.randomUUID()).update())
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("ledger_hold_fk");
    }

    private UUID depositOf(String amount) {
        return deposits.deposit(UUID.randomUUID(), new BigDecimal(amount), Optional.empty()).transactionId();
    }

    private UUID walletWith(String amount) {
        UUID user = UUID.randomUUID();
        deposits.deposit(user, new BigDecimal(amount), Optional.empty());
        return user;
    }

    private void insert(UUID user, String type, BigDecimal amount) {
        sql.sql("insert into ledger (id, user_id, type, amount) values (?, ?, ?, ?)").params(UUID.randomUUID(), user, type, amount).update();
    }

    private BigDecimal amountOf(UUID entry) {
        return sql.sql("select amount from ledger where id = ?").param(entry).query(BigDecimal.class).single();
    }
}
