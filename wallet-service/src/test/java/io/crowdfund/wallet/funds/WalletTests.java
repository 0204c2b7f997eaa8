package io.crowdfund.wallet.funds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class WalletTests {

    private final UUID user = UUID.randomUUID();
    private final UUID campaign = UUID.randomUUID();

    @Test
    void movesAHoldFromBalanceToReservedAndRecordsIt() {
        Wallet wallet = new Wallet(user, new BigDecimal("50.00"), new BigDecimal("0.00"));
        Hold hold = Hold.held(UUID.randomUUID(), user, campaign, new BigDecimal("20.00"));
        LedgerEntry entry = wallet.hold(hold);
        assertThat(wallet.balance()).isEqualByComparingTo("30.00");
        assertThat(wallet.reserved()).isEqualByComparingTo("20.00");
        assertThat(entry.type()).isEqualTo(EntryType.PLEDGE);
        assertThat(entry.amount()).isEqualByComparingTo("-20.00");
        assertThat(entry.pledgeId()).isEqualTo(hold.pledgeId());
    }

    @Test
    void refusesAHoldTheBalanceCannotCover() {
        Wallet wallet = new Wallet(user, new BigDecimal("19.99"), new BigDecimal("0.00"));
        assertThatThrownBy(() -> wallet.hold(Hold.held(UUID.randomUUID(), user, campaign, new BigDecimal("20.00"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(wallet.balance()).isEqualByComparingTo("19.99");
    }

    @Test
    void givesAHoldBackOnceAsReleaseOrRefund() {
        Wallet wallet = new Wallet(user, new BigDecimal("50.00"), new BigDecimal("0.00"));
        Hold hold = Hold.held(UUID.randomUUID(), user, campaign, new BigDecimal("20.00"));
        wallet.hold(hold);
        hold.end(HoldStatus.REFUNDED);
        LedgerEntry entry = wallet.giveBack(hold, EntryType.REFUND);
        assertThat(wallet.balance()).isEqualByComparingTo("50.00");
        assertThat(wallet.reserved()).isEqualByComparingTo("0.00");
        assertThat(entry.amount()).isEqualByComparingTo("20.00");
        assertThatThrownBy(() -> hold.end(HoldStatus.RELEASED)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesNonPositiveDepositsAndHoldsThatEndAsAnythingButReturned() {
        Wallet wallet = Wallet.empty(user);
        assertThatThrownBy(() -> wallet.deposit(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hold.held(UUID.randomUUID(), user, campaign, BigDecimal.ONE).end(HoldStatus.CAPTURED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
