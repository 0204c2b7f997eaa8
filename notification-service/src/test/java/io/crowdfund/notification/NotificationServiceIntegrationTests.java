package io.crowdfund.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CampaignClosed;
import io.crowdfund.contracts.campaign.CampaignCreated;
import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.campaign.MilestoneAchieved;
import io.crowdfund.contracts.campaign.RewardTierTerms;
import io.crowdfund.contracts.closure.CampaignSettled;
import io.crowdfund.contracts.closure.ClosureChannels;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.PledgeConfirmed;
import io.crowdfund.contracts.wallet.UserRegistered;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.notification.mail.Digests;
import io.crowdfund.notification.webhook.Signatures;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceBaselineTests;
import io.crowdfund.testsupport.TestMessages;
import io.crowdfund.testsupport.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Webhooks over real HTTP both ways (the API, and a real receiver on 127.0.0.1) and owners' email
 * through a real SMTP server (GreenMail on 127.0.0.1), with events from a real Kafka broker and
 * deliveries in real PostgreSQL.
 */
class NotificationServiceIntegrationTests extends ServiceBaselineTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TestMessages messages = new TestMessages();
    private static final Mailbox mailbox = new Mailbox();

    @Autowired
    private Digests digests;

    @Autowired
    private JdbcClient sql;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", mailbox::port);
    }

    @AfterAll
    static void closeProducerAndMailbox() {
        messages.close();
        mailbox.close();
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
            // the redelivery was the circuit's 4th attempt (3 of them failed): a success must not open it,
            // so the ping right after it goes through on its first attempt
            assertThat(http().post("/webhooks/" + webhook + "/ping", TestTokens.user(owner), "").status()).isEqualTo(202);
            await().atMost(WAIT).until(() -> back.received().stream().anyMatch(r -> r.body().contains("\"type\":\"ping\"")));
            await().atMost(WAIT).until(() -> deliveries(owner, webhook).stream()
                    .anyMatch(d -> !d.get("id").asString().equals(deliveryId) && "SUCCEEDED".equals(d.get("status").asString())));
            assertThat(deliveries(owner, webhook)).filteredOn(d -> !d.get("id").asString().equals(deliveryId))
                    .singleElement().satisfies(ping -> assertThat(ping.get("attempts").asInt()).isEqualTo(1));
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
    void takesTenEndpointsPerUserAndNotAnEleventhEvenWhenRegisteredAtOnce() throws Exception {
        UUID owner = UUID.randomUUID();
        try (var receiver = new Receiver()) {
            for (int i = 0; i < 7; i++) {
                register(owner, receiver.url());
            }
            String body = "{\"url\": \"%s\"}".formatted(receiver.url());
            List<Response> answers = new ArrayList<>();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Response>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    calls.add(threads.submit(() -> http().post("/webhooks", TestTokens.user(owner), body)));
                }
                for (Future<Response> call : calls) {
                    answers.add(call.get());
                }
            }
            assertThat(answers).filteredOn(answer -> answer.status() == 201).as("three more fit").hasSize(3);
            answers.stream().filter(answer -> answer.status() != 201).forEach(this::assertRefusedNamingUrl);
            assertThat(endpoints(owner)).isEqualTo(10);

            assertRefusedNamingUrl(http().post("/webhooks", TestTokens.user(owner), body));
            assertThat(endpoints(owner)).as("nothing written").isEqualTo(10);
            assertThat(register(UUID.randomUUID(), receiver.url()).status()).as("another user's count is their own").isEqualTo(201);
            String first = http().get("/webhooks", TestTokens.user(owner)).json().get("content").get(0).get("id").asString();
            assertThat(http().delete("/webhooks/" + first, TestTokens.user(owner)).status()).isEqualTo(204);
            assertThat(register(owner, receiver.url()).status()).as("a place freed").isEqualTo(201);
        }
    }

    private void assertRefusedNamingUrl(Response refused) {
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("url");
    }

    private long endpoints(UUID owner) {
        return sql.sql("select count(*) from webhooks where owner_id = ?").param(owner).query(Long.class).single();
    }

    @Test
    void sendsEveryGoodEmailOfABatchOnceAndRecordsEachFailingOneAlone() {
        UUID owner = UUID.randomUUID();
        String address = registerContact(owner);
        UUID campaign = createCampaign(owner, "Solar Kiln", UUID.randomUUID());
        await().atMost(WAIT).until(() -> sql.sql("select count(*) from contacts where user_id = ?").param(owner).query(Long.class).single() == 1
                && sql.sql("select count(*) from campaign_owners where campaign_id = ?").param(campaign).query(Long.class).single() == 1);
        String longTitle = "Stretch ".repeat(40).strip();
        String c = campaign.toString();
        // one batch, in this order: good, unrenderable (no amount), good with a subject longer than its column, unreadable, good
        List<UUID> good = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<UUID> bad = List.of(UUID.randomUUID(), UUID.randomUUID());
        sql.sql("""
                insert into emails (id, owner_id, kind, dedupe_key, model, status, next_attempt_at) values
                (?, ?, 'CAMPAIGN_SETTLED', ?, ?, 'PENDING', now() - interval '5 seconds'),
                (?, ?, 'PLEDGE_CONFIRMED', ?, ?, 'PENDING', now() - interval '4 seconds'),
                (?, ?, 'MILESTONE_ACHIEVED', ?, ?, 'PENDING', now() - interval '3 seconds'),
                (?, ?, 'CAMPAIGN_CLOSED', ?, '{not json', 'PENDING', now() - interval '2 seconds'),
                (?, ?, 'CAMPAIGN_CLOSED', ?, ?, 'PENDING', now() - interval '1 second')""")
                .params(good.get(0), owner, "test:" + good.get(0), """
                        {"campaignId": "%s", "successful": true, "pledgesSettled": 3, "amountPaidOut": "90.00", "platformFee": "0.00",
                         "amountRefunded": "0.00", "currency": "USD"}""".formatted(c),
                        bad.get(0), owner, "test:" + bad.get(0), "{\"campaignId\": \"%s\", \"currency\": \"USD\"}".formatted(c),
                        good.get(1), owner, "test:" + good.get(1), """
                        {"campaignId": "%s", "milestoneTitle": "%s", "target": "50.00", "campaignFunds": "60.00", "currency": "USD"}"""
                                .formatted(c, longTitle),
                        bad.get(1), owner, "test:" + bad.get(1),
                        good.get(2), owner, "test:" + good.get(2), """
                        {"campaignId": "%s", "successful": false, "outcomeText": "not funded", "goal": "100.00", "campaignFunds": "60.00",
                         "backerCount": 2, "currency": "USD"}""".formatted(c))
                .update();

        await().atMost(WAIT).until(() -> good.stream().allMatch(id -> "SENT".equals(email(id).get("status"))));
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> mailbox.to(address).size() == 3);
        assertThat(mailbox.to(address)).extracting(Mailbox.Mail::subject).containsExactlyInAnyOrder("Solar Kiln is settled",
                "Milestone reached: " + longTitle + " (Solar Kiln)", "Solar Kiln has closed: not funded");
        good.forEach(id -> assertThat(email(id).get("attempts")).as("sent once").isEqualTo(1));
        String storedSubject = (String) email(good.get(1)).get("subject");
        assertThat(storedSubject).hasSize(300).startsWith("Milestone reached: Stretch").endsWith("…");
        for (UUID id : bad) {
            Map<String, Object> failed = email(id);
            assertThat(failed.get("status")).isIn("FAILED", "DEAD");
            assertThat((Integer) failed.get("attempts")).isPositive();
            assertThat((String) failed.get("last_error")).startsWith("could not be rendered");
            assertThat(failed.get("sent_at")).isNull();
        }
    }

    private Map<String, Object> email(UUID id) {
        return sql.sql("select status, attempts, last_error, subject, sent_at from emails where id = ?").param(id).query().singleRow();
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

    @Test
    void emailsTheOwnerEachConfirmedPledgeWithTitleTierAndNewTotalAsTextAndEscapedHtml() {
        UUID owner = UUID.randomUUID();
        String address = registerContact(owner);
        UUID tier = UUID.randomUUID();
        UUID campaign = createCampaign(owner, "Bikes & <Trails>", tier);
        var pledge = new PledgeConfirmed(UUID.randomUUID(), campaign, owner, UUID.randomUUID(), new BigDecimal("25.00"), "USD", tier,
                new BigDecimal("125.00"), 5, Instant.now());
        messages.publish(PledgeChannels.EVENTS, campaign.toString(), pledge);

        await().atMost(WAIT).until(() -> mailbox.to(address).size() == 1);
        var mail = mailbox.to(address).getFirst();
        assertThat(mail.subject()).isEqualTo("New pledge of 25.00 USD to Bikes & <Trails>");
        assertThat(mail.text()).contains("Hello owner-").contains("Bikes & <Trails> has a new pledge.").contains("Amount:       25.00 USD")
                .contains("Reward tier:  Early bird").contains("New total:    125.00 USD from 5 backers").contains(pledge.pledgeId().toString());
        assertThat(mail.html()).contains("<strong>Bikes &amp; &lt;Trails&gt;</strong> has a new pledge.").contains("<strong>25.00 USD</strong>")
                .contains("Early bird").contains("125.00 USD from 5 backers").doesNotContain("<Trails>");
    }

    @Test
    void emailsMilestoneClosingAndSettlementOnceEachEvenWhenKafkaDeliversTwice() {
        UUID owner = UUID.randomUUID();
        String address = registerContact(owner);
        UUID campaign = createCampaign(owner, "Solar Kiln", UUID.randomUUID());
        Instant now = Instant.now();
        UUID milestoneMessage = UUID.randomUUID();
        var milestone = new MilestoneAchieved(campaign, owner, "Solar Kiln", UUID.randomUUID(), "Halfway there", new BigDecimal("500.00"),
                new BigDecimal("510.00"), now);
        messages.publish(CampaignChannels.EVENTS, campaign.toString(), milestoneMessage, milestone);
        messages.publish(CampaignChannels.EVENTS, campaign.toString(), milestoneMessage, milestone);
        messages.publish(CampaignChannels.EVENTS, campaign.toString(), new CampaignClosed(campaign, owner, "Solar Kiln",
                CampaignOutcome.SUCCESSFUL, new BigDecimal("1000.00"), new BigDecimal("1200.00"), 12, now));
        messages.publish(ClosureChannels.EVENTS, campaign.toString(), new CampaignSettled(campaign, owner, CampaignOutcome.SUCCESSFUL, 12,
                new BigDecimal("0.00"), new BigDecimal("1140.00"), new BigDecimal("60.00"), now));

        await().atMost(WAIT).until(() -> mailbox.to(address).size() >= 3);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> mailbox.to(address).size() == 3);
        var mails = mailbox.to(address);
        assertThat(mails).extracting(Mailbox.Mail::subject).containsExactlyInAnyOrder("Milestone reached: Halfway there (Solar Kiln)",
                "Solar Kiln has closed: successful, the goal was reached", "Solar Kiln is settled");
        assertThat(mail(mails, "Milestone").text()).contains("reached its milestone \"Halfway there\" (500.00 USD)")
                .contains("raised 510.00 USD so far");
        assertThat(mail(mails, "closed").text()).contains("Goal:     1000.00 USD").contains("Raised:   1200.00 USD from 12 backers")
                .contains("being collected");
        assertThat(mail(mails, "settled").text()).contains("12 pledges").contains("Paid out to your wallet:  1140.00 USD")
                .contains("Platform fee:             60.00 USD").doesNotContain("Refunded");
        assertThat(mail(mails, "settled").html()).contains("<strong>1140.00 USD</strong>");
    }

    @Test
    void treatsEachOwnerOfAMixedRunOfEventsAsThatOwnerChose() {
        UUID digesting = UUID.randomUUID();
        UUID emailed = UUID.randomUUID();
        UUID silent = UUID.randomUUID();
        String digestingAddress = registerContact(digesting);
        String emailedAddress = registerContact(emailed);
        assertThat(http().put("/notifications/preferences", TestTokens.user(digesting), "{\"pledgeEmails\": \"DAILY_DIGEST\"}").status())
                .isEqualTo(200);
        assertThat(http().put("/notifications/preferences", TestTokens.user(silent), "{\"pledgeEmails\": \"OFF\"}").status()).isEqualTo(200);
        try (var receiver = new Receiver()) {
            String webhook = register(digesting, receiver.url()).json().get("id").asString();
            // one key, so one partition: the events arrive in this order, as few polled batches as the consumer makes of them
            String key = UUID.randomUUID().toString();
            Map<UUID, UUID> campaigns = Map.of(digesting, createCampaign(digesting, "Tide Clock", UUID.randomUUID()),
                    emailed, createCampaign(emailed, "Loom Works", UUID.randomUUID()), silent, createCampaign(silent, "Quiet Press", UUID.randomUUID()));
            for (UUID owner : List.of(digesting, emailed, silent, digesting, emailed, digesting)) {
                messages.publish(PledgeChannels.EVENTS, key, new PledgeConfirmed(UUID.randomUUID(), campaigns.get(owner), owner, UUID.randomUUID(),
                        new BigDecimal("10.00"), "USD", null, new BigDecimal("10.00"), 1, Instant.now()));
            }
            await().atMost(WAIT).until(() -> deliveries(digesting, webhook).size() == 3
                    && deliveries(digesting, webhook).stream().allMatch(d -> "SUCCEEDED".equals(d.get("status").asString())));
            await().atMost(WAIT).until(() -> mailbox.to(emailedAddress).size() == 2);
            assertThat(receiver.received()).hasSize(3);
            assertThat(List.of(feedSize(digesting), feedSize(emailed), feedSize(silent))).containsExactly(3L, 2L, 1L);
            assertThat(sql.sql("select owner_id, count(*) from digest_items where owner_id in (?, ?, ?) group by owner_id")
                    .params(digesting, emailed, silent).query((rs, n) -> rs.getObject(1, UUID.class) + "=" + rs.getLong(2)).list())
                    .containsExactly(digesting + "=3");
            assertThat(mailbox.to(digestingAddress)).as("pledges wait for the digest").isEmpty();
        }
    }

    @Test
    void sendsPledgesAsOneDailyDigestOrNotAtAllAsTheOwnerChooses() {
        UUID owner = UUID.randomUUID();
        String address = registerContact(owner);
        UUID campaign = createCampaign(owner, "Night Market", UUID.randomUUID());
        String token = TestTokens.user(owner);
        assertThat(http().get("/notifications/preferences", token).json().get("pledgeEmails").asString()).isEqualTo("EACH");
        for (String bad : new String[] {"{\"pledgeEmails\": \"WEEKLY\"}", "{\"pledgeEmails\": null}", "{}", "[]", "nonsense"}) {
            Response refused = http().put("/notifications/preferences", token, bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.isProblem()).isTrue();
        }
        assertThat(http().get("/notifications/preferences", token).json().get("pledgeEmails").asString()).as("nothing written").isEqualTo("EACH");
        assertThat(http().put("/notifications/preferences", null, "{\"pledgeEmails\": \"OFF\"}").status()).isEqualTo(401);

        Response chosen = http().put("/notifications/preferences", token, "{\"pledgeEmails\": \"DAILY_DIGEST\"}");
        assertThat(chosen.status()).isEqualTo(200);
        assertThat(chosen.json().get("pledgeEmails").asString()).isEqualTo("DAILY_DIGEST");
        messages.publish(PledgeChannels.EVENTS, campaign.toString(), new PledgeConfirmed(UUID.randomUUID(), campaign, owner, UUID.randomUUID(),
                new BigDecimal("20.00"), "USD", null, new BigDecimal("20.00"), 1, Instant.now()));
        messages.publish(PledgeChannels.EVENTS, campaign.toString(), new PledgeConfirmed(UUID.randomUUID(), campaign, owner, UUID.randomUUID(),
                new BigDecimal("30.00"), "USD", null, new BigDecimal("50.00"), 2, Instant.now()));
        await().atMost(WAIT).until(() -> feedSize(owner) == 2);
        assertThat(mailbox.to(address)).as("no email per pledge").isEmpty();

        assertThat(digests.sendDue(Instant.now().plus(Duration.ofDays(1)))).isPositive();
        await().atMost(WAIT).until(() -> mailbox.to(address).size() == 1);
        var digest = mailbox.to(address).getFirst();
        assertThat(digest.subject()).isEqualTo("Your daily pledge digest: 2 new pledges");
        assertThat(digest.text()).contains("Night Market").contains("New pledges:  2, together 50.00 USD")
                .contains("Total now:    50.00 USD from 2 backers");
        assertThat(digest.html()).contains("Night Market");

        assertThat(http().put("/notifications/preferences", token, "{\"pledgeEmails\": \"OFF\"}").status()).isEqualTo(200);
        messages.publish(PledgeChannels.EVENTS, campaign.toString(), new PledgeConfirmed(UUID.randomUUID(), campaign, owner, UUID.randomUUID(),
                new BigDecimal("5.00"), "USD", null, new BigDecimal("55.00"), 3, Instant.now()));
        await().atMost(WAIT).until(() -> feedSize(owner) == 3);
        digests.sendDue(Instant.now().plus(Duration.ofDays(1)));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> mailbox.to(address).size() == 1);
    }

    @Test
    void keepsAnEmailUntilTheOwnersAddressArrives() {
        UUID owner = UUID.randomUUID();
        UUID campaign = createCampaign(owner, "Late Letters", UUID.randomUUID());
        messages.publish(PledgeChannels.EVENTS, campaign.toString(), new PledgeConfirmed(UUID.randomUUID(), campaign, owner,
                UUID.randomUUID(), new BigDecimal("9.00"), "USD", null, new BigDecimal("9.00"), 1, Instant.now()));
        await().atMost(WAIT).until(() -> sql.sql("select last_error from emails where owner_id = ?").param(owner).query(String.class).optional()
                .filter(error -> error.contains("address is not known yet")).isPresent());
        String address = registerContact(owner);
        await().atMost(WAIT).until(() -> mailbox.to(address).size() == 1);
        assertThat(mailbox.to(address).getFirst().subject()).isEqualTo("New pledge of 9.00 USD to Late Letters");
    }

    @Test
    void stopsCallingAFailingEndpointOnceItsCircuitOpensAndCallsItAgainLater() {
        UUID owner = UUID.randomUUID();
        try (var receiver = new Receiver()) {
            String webhook = register(owner, receiver.url()).json().get("id").asString();
            receiver.failNext(Integer.MAX_VALUE);
            for (int i = 0; i < 8; i++) {
                confirmPledge(owner);
            }
            await().atMost(WAIT).until(() -> deliveries(owner, webhook).size() == 8
                    && deliveries(owner, webhook).stream().allMatch(d -> "DEAD".equals(d.get("status").asString())));
            var deliveries = deliveries(owner, webhook);
            assertThat(deliveries).allMatch(d -> d.get("attempts").asInt() == 3);
            assertThat(receiver.received().size()).as("24 attempts, but the open circuit spared the receiver").isLessThan(24);
            assertThat(deliveries).anyMatch(d -> d.get("lastError").asString().startsWith("circuit open"));

            receiver.failNext(0);
            await().pollDelay(Duration.ofMillis(2100)).atMost(WAIT).until(() -> true); // the circuit half-opens after 2 s
            String deliveryId = deliveries.getFirst().get("id").asString();
            assertThat(http().post("/webhooks/" + webhook + "/deliveries/" + deliveryId + "/redeliver", TestTokens.user(owner), "").status())
                    .isEqualTo(202);
            await().atMost(WAIT).until(() -> deliveries(owner, webhook).stream()
                    .anyMatch(d -> d.get("id").asString().equals(deliveryId) && "SUCCEEDED".equals(d.get("status").asString())));
        }
    }

    @Test
    void disablesAnEndpointFailingForDaysTellsItsOwnerAndLetsThemEnableItAgain() {
        UUID owner = UUID.randomUUID();
        String address = registerContact(owner);
        try (var receiver = new Receiver()) {
            String webhook = register(owner, receiver.url()).json().get("id").asString();
            receiver.failNext(1);
            // the endpoint has been failing for six days (longer than the five allowed)
            sql.sql("update webhooks set failing_since = now() - interval '6 days' where id = ?").param(UUID.fromString(webhook)).update();
            confirmPledge(owner);

            await().atMost(WAIT).until(() -> !http().get("/webhooks/" + webhook, TestTokens.user(owner)).json().get("disabledAt").isNull());
            assertThat(onlyDelivery(owner, webhook).get("status").asString()).isEqualTo("DEAD");
            await().atMost(WAIT).until(() -> mailbox.to(address).stream().anyMatch(m -> m.subject().startsWith("Webhook endpoint disabled")));
            assertThat(mail(mailbox.to(address), "disabled").text()).contains(receiver.url()).contains("/webhooks/" + webhook + "/enable");
            assertThat(http().post("/webhooks/" + webhook + "/ping", TestTokens.user(owner), "").status()).isEqualTo(409);
            confirmPledge(owner);
            await().atMost(WAIT).until(() -> feedSize(owner) == 2);
            assertThat(deliveries(owner, webhook)).as("a disabled endpoint gets no new events").hasSize(1);

            assertThat(http().post("/webhooks/" + webhook + "/enable", TestTokens.user(UUID.randomUUID()), "").status()).isEqualTo(404);
            Response enabled = http().post("/webhooks/" + webhook + "/enable", TestTokens.user(owner), "");
            assertThat(enabled.status()).isEqualTo(200);
            assertThat(enabled.json().get("disabledAt").isNull()).isTrue();
            assertThat(http().post("/webhooks/" + webhook + "/ping", TestTokens.user(owner), "").status()).isEqualTo(202);
            await().atMost(WAIT).until(() -> receiver.received().stream().anyMatch(r -> r.body().contains("\"type\":\"ping\"")));
        }
    }

    private String registerContact(UUID owner) {
        String username = "owner-" + owner.toString().substring(0, 8);
        String address = username + "@example.com";
        messages.publish(WalletChannels.EVENTS, owner.toString(), new UserRegistered(owner, username, address));
        return address;
    }

    private UUID createCampaign(UUID owner, String title, UUID tier) {
        UUID campaign = UUID.randomUUID();
        Instant now = Instant.now();
        messages.publish(CampaignChannels.EVENTS, campaign.toString(), new CampaignCreated(campaign, owner, title, "TECHNOLOGY",
                new BigDecimal("1000.00"), "USD", now, now.plus(Duration.ofDays(30)), true,
                List.of(new RewardTierTerms(tier, "Early bird", new BigDecimal("20.00"), 100))));
        return campaign;
    }

    private static Mailbox.Mail mail(List<Mailbox.Mail> mails, String subjectPart) {
        return mails.stream().filter(m -> m.subject().contains(subjectPart)).findFirst().orElseThrow();
    }

    private long feedSize(UUID owner) {
        return http().get("/notifications", TestTokens.user(owner)).json().get("page").get("totalElements").asLong();
    }

    private List<JsonNode> deliveries(UUID owner, String webhook) {
        return http().get("/webhooks/" + webhook + "/deliveries?size=100", TestTokens.user(owner)).json().get("content").valueStream().toList();
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
