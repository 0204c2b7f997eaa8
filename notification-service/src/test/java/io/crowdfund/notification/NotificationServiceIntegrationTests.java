package io.crowdfund.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.PledgeConfirmed;
import io.crowdfund.notification.webhook.Signatures;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceBaselineTests;
import io.crowdfund.testsupport.TestMessages;
import io.crowdfund.testsupport.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Webhooks over real HTTP both ways (the API, and a real receiver on 127.0.0.1), with events from a
 * real Kafka broker and deliveries in real PostgreSQL.
 */
class NotificationServiceIntegrationTests extends ServiceBaselineTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TestMessages messages = new TestMessages();

    @AfterAll
    static void closeProducer() {
        messages.close();
    }

    @Test
    void deliversASignedPledgeConfirmedEventVerifiableWithThePublishedAlgorithm() {
        UUID owner = UUID.randomUUID();
        try (var receiver = new Receiver()) {
            String secret = register(owner, receiver.url()).json().get("secret").asString();
            UUID pledge = confirmPledge(owner);
            await().atMost(WAIT).until(() -> !receiver.received().isEmpty());
            var delivery = receiver.received().getFirst();
            assertThat(delivery.signature()).isEqualTo(Signatures.sign(secret, delivery.webhookId(), Long.parseLong(delivery.timestamp()), delivery.body()));
            assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(delivery.timestamp()))).isLessThan(60);
            assertThat(delivery.body()).contains("\"type\":\"pledge.confirmed\"").contains(pledge.toString()).contains("\"amount\":25.00")
                    .contains("\"campaignFunds\":125.00");
            assertThat(delivery.body()).contains("\"id\":\"" + delivery.webhookId() + "\"");
        }
    }

    @Test
    void retriesAFailingReceiverWithTheSameWebhookIdUntilItSucceedsOnce() {
        UUID owner = UUID.randomUUID();
        try (var receiver = new Receiver()) {
            String webhook = register(owner, receiver.url()).json().get("id").asString();
            receiver.failNext(2);
            confirmPledge(owner);
            await().atMost(WAIT).until(() -> "SUCCEEDED".equals(onlyDelivery(owner, webhook).path("status").asString()));
            assertThat(receiver.received()).hasSize(3);
            assertThat(receiver.received()).extracting(Receiver.Received::webhookId).containsOnly(receiver.received().getFirst().webhookId());
            var delivery = onlyDelivery(owner, webhook);
            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
            assertThat(delivery.get("lastResponseStatus").asInt()).isEqualTo(204);
        }
    }

    @Test
    void endsDeadWhenTheReceiverIsDownForTheWholeScheduleAndRedeliversLater() {
        UUID owner = UUID.randomUUID();
        String webhook;
        int port;
        try (var receiver = new Receiver()) {
            webhook = register(owner, receiver.url()).json().get("id").asString();
            port = receiver.port();
        }
        // the receiver is down: every attempt of the schedule fails
        confirmPledge(owner);
        await().atMost(WAIT).until(() -> "DEAD".equals(onlyDelivery(owner, webhook).path("status").asString()));
        String deliveryId = onlyDelivery(owner, webhook).get("id").asString();
        assertThat(onlyDelivery(owner, webhook).get("attempts").asInt()).isEqualTo(3);
        assertThat(http().post("/webhooks/" + webhook + "/deliveries/" + deliveryId + "/redeliver", TestTokens.user(UUID.randomUUID()), "")
                .status()).as("not the owner's").isEqualTo(404);
        try (var back = new Receiver(port)) {
            assertThat(http().post("/webhooks/" + webhook + "/deliveries/" + deliveryId + "/redeliver", TestTokens.user(owner), "").status())
                    .isEqualTo(202);
            await().atMost(WAIT).until(() -> "SUCCEEDED".equals(onlyDelivery(owner, webhook).path("status").asString()));
            assertThat(back.received()).hasSize(1);
            assertThat(back.received().getFirst().body()).contains("\"id\":\"" + back.received().getFirst().webhookId() + "\"");
            assertThat(http().post("/webhooks/" + webhook + "/ping", TestTokens.user(owner), "").status()).isEqualTo(202);
            await().atMost(WAIT).until(() -> back.received().stream().anyMatch(r -> r.body().contains("\"type\":\"ping\"")));
        }
    }

    @Test
    void makesOneDeliveryOfAnEventKafkaDeliversTwice() {
        UUID owner = UUID.randomUUID();
        try (var receiver = new Receiver()) {
            String webhook = register(owner, receiver.url()).json().get("id").asString();
            UUID messageId = UUID.randomUUID();
            var event = pledgeConfirmed(owner);
            messages.publish(PledgeChannels.EVENTS, event.campaignId().toString(), messageId, event);
            messages.publish(PledgeChannels.EVENTS, event.campaignId().toString(), messageId, event);
            await().atMost(WAIT).until(() -> "SUCCEEDED".equals(onlyDelivery(owner, webhook).path("status").asString()));
            assertThat(http().get("/webhooks/" + webhook + "/deliveries", TestTokens.user(owner)).json().get("page").get("totalElements").asLong())
                    .isEqualTo(1);
            assertThat(receiver.received()).hasSize(1);
            assertThat(http().get("/notifications", TestTokens.user(owner)).json().get("content").get(0).get("eventType").asString())
                    .isEqualTo("pledge.confirmed");
        }
    }

    @Test
    void refusesBadEndpointsAndShowsEndpointsOnlyToTheirOwner() {
        UUID owner = UUID.randomUUID();
        for (String body : new String[] {"{\"url\": \"ftp://example.com/hook\"}", "{\"url\": \"not a url\"}", "{\"url\": \"\"}",
                "{\"url\": \"http://127.0.0.1/hook\", \"events\": [\"pledge.exploded\"]}", "{}"}) {
            Response response = http().post("/webhooks", TestTokens.user(owner), body);
            assertThat(response.status()).as(body).isEqualTo(400);
        }
        try (var receiver = new Receiver()) {
            Response created = register(owner, receiver.url());
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("secret").asString()).startsWith("whsec_");
            String id = created.json().get("id").asString();
            assertThat(http().get("/webhooks/" + id, TestTokens.user(owner)).json().get("secret").isNull()).as("shown once").isTrue();
            assertThat(http().get("/webhooks/" + id, TestTokens.user(UUID.randomUUID())).status()).isEqualTo(404);
            assertThat(http().delete("/webhooks/" + id, TestTokens.user(UUID.randomUUID())).status()).isEqualTo(404);
            assertThat(http().delete("/webhooks/" + id, TestTokens.user(owner)).status()).isEqualTo(204);
            assertThat(http().get("/webhooks/" + id, TestTokens.user(owner)).status()).isEqualTo(404);
        }
        assertThat(http().post("/webhooks", null, "{\"url\": \"http://example.com\"}").status()).isEqualTo(401);
    }

    private Response register(UUID owner, String url) {
        Response created = http().post("/webhooks", TestTokens.user(owner), "{\"url\": \"%s\"}".formatted(url));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created;
    }

    private static PledgeConfirmed pledgeConfirmed(UUID owner) {
        return new PledgeConfirmed(UUID.randomUUID(), UUID.randomUUID(), owner, UUID.randomUUID(), new BigDecimal("25.00"), "USD", null,
                new BigDecimal("125.00"), 5, Instant.now());
    }

    private UUID confirmPledge(UUID owner) {
        var event = pledgeConfirmed(owner);
        messages.publish(PledgeChannels.EVENTS, event.campaignId().toString(), event);
        return event.pledgeId();
    }

    private JsonNode onlyDelivery(UUID owner, String webhook) {
        var content = http().get("/webhooks/" + webhook + "/deliveries", TestTokens.user(owner)).json().get("content");
        return content.isEmpty() ? MissingNode.getInstance() : content.valueStream()
                .filter(delivery -> "pledge.confirmed".equals(delivery.get("eventType").asString())).findFirst().orElse(MissingNode.getInstance());
    }
}
