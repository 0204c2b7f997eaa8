package io.crowdfund.webapp.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class EventStreamParserTests {

    private static List<EventStreamParser.Event> parse(String... lines) {
        var parser = new EventStreamParser();
        List<EventStreamParser.Event> events = new ArrayList<>();
        for (String line : lines) {
            parser.line(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void readsNamedEventsAsCampaignServiceWritesThem() {
        assertThat(parse("id:1", "event:totals", "data:{\"currentFunds\":10}", "", "id:2", "event:closed", "data:{\"status\":\"FUNDED\"}", ""))
                .containsExactly(new EventStreamParser.Event("totals", "{\"currentFunds\":10}"),
                        new EventStreamParser.Event("closed", "{\"status\":\"FUNDED\"}"));
    }

    @Test
    void joinsDataLinesAndDropsOneLeadingSpace() {
        assertThat(parse("event: totals", "data: first", "data:  second", "")).containsExactly(new EventStreamParser.Event("totals", "first\n second"));
    }

    @Test
    void unnamedEventIsAMessage() {
        assertThat(parse("data:x", "")).containsExactly(new EventStreamParser.Event("message", "x"));
    }

    @Test
    void commentsHeartbeatsAndEventsWithoutDataDispatchNothing() {
        assertThat(parse(":keep-alive", "", "event:totals", "", "retry:1000", "id:7", "")).isEmpty();
    }

    @Test
    void anEventNotYetEndedByAnEmptyLineIsNotDispatched() {
        assertThat(parse("event:totals", "data:{}")).isEmpty();
    }

    @Test
    void eachEventStartsAfresh() {
        assertThat(parse("event:totals", "data:a", "", "data:b", "")).containsExactly(new EventStreamParser.Event("totals", "a"),
                new EventStreamParser.Event("message", "b"));
    }

    @Test
    void fieldWithoutColonHasEmptyValue() {
        assertThat(parse("data", "")).containsExactly(new EventStreamParser.Event("message", ""));
    }
}
