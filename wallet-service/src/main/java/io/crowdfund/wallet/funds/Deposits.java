package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.crowdfund.web.IdempotencyKeyReused;

/**
 * Pays money into a wallet, once per Idempotency-Key: the wallet's row lock serialises a user's
 * deposits, so a repeated key finds the first deposit and answers with it.
 */
@Service
public class Deposits {

    private final FundsStore store;
    private final JdbcClient sql;

    Deposits(FundsStore store, JdbcClient sql) {
        this.store = store;
        this.sql = sql;
    }

    /**
     * @param replayed true when the key was used before with the same amount, and nothing happened now
     */
    public record Deposit(UUID transactionId, BigDecimal amount, BigDecimal balance, boolean replayed) {
    }

    /** Deposits the amount, or answers with the deposit this key already made; a key reused for another amount is refused. */
    @Transactional
    public Deposit deposit(UUID userId, BigDecimal amount, Optional<String> idempotencyKey) {
        store.open(userId);
        Wallet wallet = store.lockWallet(userId);
        if (idempotencyKey.isPresent()) {
            Optional<Deposit> earlier = earlier(userId, idempotencyKey.get());
            if (earlier.isPresent()) {
                if (earlier.get().amount().compareTo(amount) != 0) {
                    throw new IdempotencyKeyReused();
                }
                return earlier.get();
            }
        }
        LedgerEntry entry = wallet.deposit(amount.setScale(2));
        store.save(wallet);
        store.insert(List.of(entry));
        idempotencyKey.ifPresent(key -> sql.sql("""
                insert into deposit_requests (user_id, idempotency_key, amount, transaction_id, balance_after)
                values (?, ?, ?, ?, ?)""").params(userId, key, entry.amount(), entry.id(), wallet.balance()).update());
        return new Deposit(entry.id(), entry.amount(), wallet.balance(), false);
    }

    private Optional<Deposit> earlier(UUID userId, String key) {
        return sql.sql("select transaction_id, amount, balance_after from deposit_requests where user_id = ? and idempotency_key = ?")
                .params(userId, key)
                .query((row, n) -> new Deposit(row.getObject("transaction_id", UUID.class), row.getBigDecimal("amount"),
                        row.getBigDecimal("balance_after"), true))
                .optional();
    }
}
