package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

import io.swagger.v3.oas.annotations.media.Schema;

/** Opens wallets and reads them: a wallet's state and its ledger, newest first. */
@Service
public class Wallets {

    private final FundsStore store;

    Wallets(FundsStore store) {
        this.store = store;
    }

    /** Creates the user's empty wallet unless it exists; runs in the caller's transaction. */
    public void open(UUID userId) {
        store.open(userId);
    }

    /** The user's wallet; an empty one if they have none yet (nothing is written). */
    public Wallet of(UUID userId) {
        return store.find(userId).orElseGet(() -> Wallet.empty(userId));
    }

    @Schema(name = "Transaction", description = "a ledger entry: `amount` is the signed change of the balance")
    public record Transaction(UUID id, EntryType type, BigDecimal amount, @Nullable UUID pledgeId, @Nullable UUID campaignId, Instant createdAt) {
    }

    public Page<Transaction> transactions(UUID userId, Pageable page) {
        List<Transaction> content = store.transactions(userId, page.getPageSize(), page.getOffset());
        return new PageImpl<>(content, page, store.countTransactions(userId));
    }
}
