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
import io.crowdfund.apiclient.model.CampaignView;
import io.crowdfund.apiclient.model.Create;
import io.crowdfund.apiclient.model.Credentials;
import io.crowdfund.apiclient.model.DepositRequest;
import io.crowdfund.apiclient.model.DepositView;
import io.crowdfund.apiclient.model.PledgeRequest;
import io.crowdfund.apiclient.model.PledgeView;
import io.crowdfund.apiclient.model.TokenResponse;
import io.crowdfund.apiclient.model.UserView;
import io.crowdfund.apiclient.model.WalletRegistration;
import io.crowdfund.apiclient.model.WalletView;

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
        UserView backerAccount = new WalletServiceApi(client()).register(registration(backerName));
        assertThat(backerAccount.getUsername()).isEqualTo(backerName);
        assertThat(backerAccount.getEmail()).isEqualTo(backerName + "@example.com");
        ApiClient backer = signedIn(backerName);

        DepositView deposit = new WalletServiceApi(backer).deposit(new DepositRequest().amount(new BigDecimal("120.50")), idempotencyKey());
        assertThat(deposit.getAmount()).isEqualByComparingTo("120.50");
        assertThat(deposit.getBalance()).isEqualByComparingTo("120.50");

        CampaignView campaign = new CampaignServiceApi(owner).campaignCreate(new Create().title("Solar kiosk").description("Charges tablets")
                .category("technology").goal(new BigDecimal("500.00")).deadline(OffsetDateTime.now(ZoneOffset.UTC).plusDays(7)));
        assertThat(campaign.getStatus()).isEqualTo(CampaignView.StatusEnum.ACTIVE);
        assertThat(campaign.getGoal()).isEqualByComparingTo("500.00");
        assertThat(campaign.getCurrentFunds()).isEqualByComparingTo("0");

        PledgeView pledged = new PledgeServiceApi(backer).pledge(new PledgeRequest().campaignId(campaign.getId())
                .amount(new BigDecimal("45.25")), idempotencyKey(), "wait=10");
        assertThat(pledged.getStatus()).as(String.valueOf(pledged)).isEqualTo(PledgeView.StatusEnum.CONFIRMED);

        PledgeView read = new PledgeServiceApi(backer).pledgeGet(pledged.getId());
        assertThat(read.getId()).isEqualTo(pledged.getId());
        assertThat(read.getStatus()).isEqualTo(PledgeView.StatusEnum.CONFIRMED);
        assertThat(read.getAmount()).isEqualByComparingTo("45.25");
        assertThat(read.getCampaignId()).isEqualTo(campaign.getId());
        assertThat(read.getBackerId()).isEqualTo(backerAccount.getId());
        assertThat(read.getRejectionReason()).isNull();

        WalletView wallet = new WalletServiceApi(backer).mine();
        assertThat(wallet.getBalance()).isEqualByComparingTo("75.25");
        assertThat(wallet.getReserved()).isEqualByComparingTo("45.25");
        CampaignView funded = new CampaignServiceApi(client()).campaignGet(campaign.getId());
        assertThat(funded.getCurrentFunds()).isEqualByComparingTo("45.25");
        assertThat(funded.getBackerCount()).isEqualTo(1);

        ApiException someoneElses = catchThrowableOfType(ApiException.class,
                () -> new PledgeServiceApi(signedIn(signUp("stranger"))).pledgeGet(pledged.getId()));
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
        TokenResponse token = new WalletServiceApi(client()).token(new Credentials().username(username).password(Platform.PASSWORD));
        assertThat(token.getTokenType()).isEqualTo("Bearer");
        assertThat(token.getExpiresIn()).isPositive();
        return client().setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token.getAccessToken()));
    }

    private static String signUp(String role) throws ApiException {
        String name = uniqueName(role);
        new WalletServiceApi(client()).register(registration(name));
        return name;
    }

    private static WalletRegistration registration(String name) {
        return new WalletRegistration().username(name).email(name + "@example.com").password(Platform.PASSWORD);
    }

    private static String uniqueName(String role) {
        return role + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String idempotencyKey() {
        return UUID.randomUUID().toString();
    }
}
