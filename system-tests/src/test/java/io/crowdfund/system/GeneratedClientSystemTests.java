package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdfund.apiclient.ApiClient;
import io.crowdfund.apiclient.ApiException;
import io.crowdfund.apiclient.api.CampaignServiceApi;
import io.crowdfund.apiclient.api.PledgeServiceApi;
import io.crowdfund.apiclient.api.WalletServiceApi;
import io.crowdfund.apiclient.model.Campaign;
import io.crowdfund.apiclient.model.Credentials;
import io.crowdfund.apiclient.model.Deposit;
import io.crowdfund.apiclient.model.NewCampaign;
import io.crowdfund.apiclient.model.NewDeposit;
import io.crowdfund.apiclient.model.NewPledge;
import io.crowdfund.apiclient.model.NewRewardTier;
import io.crowdfund.apiclient.model.NewUser;
import io.crowdfund.apiclient.model.Pledge;
import io.crowdfund.apiclient.model.RewardTier;
import io.crowdfund.apiclient.model.Token;
import io.crowdfund.apiclient.model.User;
import io.crowdfund.apiclient.model.Wallet;

/**
 * An API client's first steps with nothing but the Java client generated at build time from the gateway's document
 * (module api-client), against web-app's one base URL: sign up, log in, deposit, start a campaign, pledge and read the
 * pledge back through {@code /api}, every answer read into the generated types.
 */
class GeneratedClientSystemTests {

    static Site site;

    @BeforeAll
    static void start() {
        site = new Site().start();
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void signsUpDepositsStartsACampaignPledgesAndReadsThePledgeBack() throws ApiException {
        ApiClient owner = signedIn(signUp("owner"));
        String backerName = uniqueName("backer");
        User backerAccount = new WalletServiceApi(client()).registerUser(registration(backerName));
        assertThat(backerAccount.getUsername()).isEqualTo(backerName);
        assertThat(backerAccount.getEmail()).isEqualTo(backerName + "@example.com");
        ApiClient backer = signedIn(backerName);

        Deposit deposit = new WalletServiceApi(backer).deposit(new NewDeposit().amount(new BigDecimal("120.50")), idempotencyKey());
        assertThat(deposit.getAmount()).isEqualByComparingTo("120.50");
        assertThat(deposit.getBalance()).isEqualByComparingTo("120.50");

        Campaign campaign = new CampaignServiceApi(owner).createCampaign(new NewCampaign().title("Solar kiosk").description("Charges tablets")
                .category("technology").goal(new BigDecimal("500.00")).deadline(OffsetDateTime.now(ZoneOffset.UTC).plusDays(7))
                .addRewardTiersItem(new NewRewardTier().title("Early bird").minimumAmount(new BigDecimal("40.00")).quantityAvailable(10)));
        assertThat(campaign.getStatus()).isEqualTo(Campaign.StatusEnum.ACTIVE);
        RewardTier earlyBird = campaign.getRewardTiers().getFirst();
        assertThat(earlyBird.getDescription()).isNull();
        assertThat(earlyBird.getQuantityClaimed()).isZero();
        assertThat(campaign.getGoal()).isEqualByComparingTo("500.00");
        assertThat(campaign.getCurrentFunds()).isEqualByComparingTo("0");

        Pledge pledged = new PledgeServiceApi(backer).createPledge(new NewPledge().campaignId(campaign.getId())
                .amount(new BigDecimal("45.25")).rewardTierId(earlyBird.getId()), idempotencyKey(), "wait=10");
        assertThat(pledged.getStatus()).as(String.valueOf(pledged)).isEqualTo(Pledge.StatusEnum.CONFIRMED);

        Pledge read = new PledgeServiceApi(backer).getPledge(pledged.getId());
        assertThat(read.getId()).isEqualTo(pledged.getId());
        assertThat(read.getStatus()).isEqualTo(Pledge.StatusEnum.CONFIRMED);
        assertThat(read.getRewardTierId()).isEqualTo(earlyBird.getId());
        assertThat(read.getAmount()).isEqualByComparingTo("45.25");
        assertThat(read.getCampaignId()).isEqualTo(campaign.getId());
        assertThat(read.getBackerId()).isEqualTo(backerAccount.getId());
        assertThat(read.getRejectionReason()).isNull();

        Wallet wallet = new WalletServiceApi(backer).getWallet();
        assertThat(wallet.getBalance()).isEqualByComparingTo("75.25");
        assertThat(wallet.getReserved()).isEqualByComparingTo("45.25");
        Campaign funded = new CampaignServiceApi(client()).getCampaign(campaign.getId());
        assertThat(funded.getCurrentFunds()).isEqualByComparingTo("45.25");
        assertThat(funded.getBackerCount()).isEqualTo(1);
        assertThat(funded.getRewardTiers().getFirst().getQuantityClaimed()).isEqualTo(1);

        ApiException someoneElses = catchThrowableOfType(ApiException.class,
                () -> new PledgeServiceApi(signedIn(signUp("stranger"))).getPledge(pledged.getId()));
        assertThat(someoneElses.getCode()).isEqualTo(404);
        assertThat(someoneElses.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
    }

    /** The generated client on web-app's base URL; its operations' paths start with /api. */
    private static ApiClient client() {
        ApiClient client = new ApiClient();
        client.updateBaseUri(site.url());
        client.setReadTimeout(Duration.ofSeconds(30));
        return client;
    }

    private static ApiClient signedIn(String username) throws ApiException {
        Token token = new WalletServiceApi(client()).createToken(new Credentials().username(username).password(Platform.PASSWORD));
        assertThat(token.getTokenType()).isEqualTo("Bearer");
        assertThat(token.getExpiresIn()).isPositive();
        return client().setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token.getAccessToken()));
    }

    private static String signUp(String role) throws ApiException {
        String name = uniqueName(role);
        new WalletServiceApi(client()).registerUser(registration(name));
        return name;
    }

    private static NewUser registration(String name) {
        return new NewUser().username(name).email(name + "@example.com").password(Platform.PASSWORD);
    }

    private static String uniqueName(String role) {
        return role + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String idempotencyKey() {
        return UUID.randomUUID().toString();
    }
}
