package io.crowdfund.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The live lag as the site benchmark reports it: from each 201 to the first event that shows its total. */
class LiveLagTests {

    private static final long MS = 1_000_000;

    @Test
    void measuresFromEachConfirmationToTheFirstEventReachingItsTotal() {
        var lag = new LiveLag(
                List.of(confirmation(100, "10.00"), confirmation(110, "15.00"), confirmation(300, "20.00")),
                List.of(event(0, "5.00"), event(150, "15.00"), event(400, "25.00")));

        assertThat(lag.seen()).isEqualTo(3);
        assertThat(lag.unseen()).isZero();
        assertThat(lag.ms(0)).as("15.00 confirmed at 110 ms, first reached by the event at 150 ms").isEqualTo(40, within(0.1));
        assertThat(lag.ms(50)).as("10.00 confirmed at 100 ms, the event at 150 ms").isEqualTo(50, within(0.1));
        assertThat(lag.maxMs()).as("20.00 confirmed at 300 ms, the event at 400 ms").isEqualTo(100, within(0.1));
    }

    @Test
    void countsNoLagWhenAnEventWasAheadOfTheConfirmation() {
        var lag = new LiveLag(List.of(confirmation(500, "10.00")), List.of(event(200, "30.00")));

        assertThat(lag.maxMs()).isZero();
    }

    @Test
    void countsAConfirmationNoEventReachedApartFromTheLags() {
        var lag = new LiveLag(List.of(confirmation(100, "10.00"), confirmation(200, "40.00")),
                List.of(event(120, "20.00"), event(130, "15.00")));

        assertThat(lag.seen()).isEqualTo(1);
        assertThat(lag.unseen()).isEqualTo(1);
        assertThat(lag.maxMs()).isEqualTo(20, within(0.1));
    }

    private static LiveLag.Confirmation confirmation(long atMs, String total) {
        return new LiveLag.Confirmation(atMs * MS, new BigDecimal(total));
    }

    private static LiveStream.Event event(long atMs, String funds) {
        return new LiveStream.Event(atMs * MS, new BigDecimal(funds));
    }
}
