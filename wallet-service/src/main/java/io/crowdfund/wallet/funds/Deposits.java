package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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

    Deposits(FundsStore store) {
        this.store = store;
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
            Optional<Deposit> earlier = store.deposit(userId, idempotencyKey.get());
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
        idempotencyKey.ifPresent(key -> store.rememberDeposit(userId, key, entry, wallet.balance()));
        return new Deposit(entry.id(), entry.amount(), wallet.balance(), false);
    }
}
