package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.sun.net.httpserver.HttpServer;

/**
 * The site as people use it, in Debian's Chromium against the services and the web app as processes:
 * an owner starts a campaign and watches its page while a backer finds it and pledges.
 */
class SiteBrowserTests {

    private static final Duration LIVE = Duration.ofSeconds(10);
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");

    static Site site;
    static final List<Person> people = new ArrayList<>();

    @BeforeAll
    static void start() {
        site = new Site().start();
    }

    @AfterAll
    static void stop() {
        people.forEach(Person::close);
        if (site != null) {
            site.close();
        }
    }

    static Person person(String name) {
        Person person = new Person(site.url(), name);
        people.add(person);
        return person;
    }

    /** The owner starts a campaign through the form: one tier of {@code units} at 25.00 at least, a milestone at 50.00. */
    static String startCampaign(Person owner, String title, int units) {
        owner.open("/campaigns/new");
        owner.fill("Title", title);
        owner.fill("Description", "A kiosk that charges 40 tablets a day.");
        owner.choose("Category", "Technology");
        owner.fill("Funding goal", "100");
        String deadline = LocalDateTime.now(ZoneOffset.UTC).plusDays(7).truncatedTo(ChronoUnit.MINUTES).toString();
        owner.browser.executeScript("arguments[0].value = arguments[1]", owner.field("Deadline (your local time)"), deadline);
        owner.fill("Reward title", "Early bird");
        owner.fill("Minimum pledge", "25");
        owner.fill("Units available (empty: unlimited)", Integer.toString(units));
        owner.fill("Milestone title", "Half way");
        owner.fill("Unlocked at (funds)", "50");
        owner.press("Start the campaign");
        assertThat(owner.heading()).as(owner::mainText).isEqualTo(title);
        return owner.path().replaceAll("^/campaigns/([0-9a-f-]+).*$", "$1");
    }

    /** The backer finds the campaign by searching its title on the discover page, and opens it. */
    static void find(Person backer, String title) {
        backer.open("/");
        backer.fill("Search by title", title);
        backer.waiting(LIVE).until(ExpectedConditions.presenceOfElementLocated(By.linkText(title)));
        backer.follow(title);
        assertThat(backer.heading()).isEqualTo(title);
    }

    static void pledge(Person backer, String reward, String amount) {
        if (reward != null) {
            backer.choose("Reward", reward);
        }
        backer.fill("Amount (USD)", amount);
        backer.press("Pledge");
    }

    /** Pledges on the open campaign page and waits for the pledge's page to say it is confirmed. */
    static void pledgeConfirmed(Person backer, String reward, String amount) {
        pledge(backer, reward, amount);
        backer.waiting(LIVE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("outcome"), "Confirmed."));
    }

    /** An owner with a new campaign (titled with the prefix and a unique suffix), and a backer with a deposit on its page. */
    record Scene(Person owner, String title, String campaignId, Person backer) {
    }

    static Scene scene(String titlePrefix, int units, String deposit) {
        Person owner = person("owner").signUp();
        String title = titlePrefix + " " + UUID.randomUUID().toString().substring(0, 8);
        String campaignId = startCampaign(owner, title, units);
        Person backer = person("backer").signUp().deposit(deposit);
        find(backer, title);
        return new Scene(owner, title, campaignId, backer);
    }

    @Test
    void theOwnersOpenPageShowsANewPledgeWithoutAReload() {
        Person owner = person("owner").signUp();
        String title = "Solar kiosk " + UUID.randomUUID().toString().substring(0, 8);
        startCampaign(owner, title, 2);
        owner.browser.executeScript("window.stillTheSamePage = true");
        assertThat(owner.live("funds")).isEqualTo("0.00 USD");

        Person backer = person("backer").signUp().deposit("500.00");
        find(backer, title);
        backer.choose("Reward", "Early bird (at least 25.00 USD)");
        assertThat(backer.field("Amount (USD)").getDomProperty("value")).as("the tier's minimum, filled in").isEqualTo("25.00");
        pledgeConfirmed(backer, null, "60.00");

        owner.waiting(LIVE).until(driver -> owner.live("funds").equals("60.00 USD"));
        assertThat(owner.live("backers")).isEqualTo("1 backer");
        assertThat(owner.live("percent")).isEqualTo("60%");
        assertThat(owner.live("remaining")).isEqualTo("1 of 2 left");
        assertThat(owner.live("milestone")).isEqualTo("Unlocked");
        assertThat(owner.browser.executeScript("return window.stillTheSamePage")).as("not reloaded").isEqualTo(true);

        backer.open("/wallet");
        assertThat(backer.wallet("balance")).isEqualTo("440.00 USD");
        assertThat(backer.wallet("reserved")).isEqualTo("60.00 USD");
    }

    @Test
    void theLastUnitOfARewardSoldOutDisablesIt() {
        Scene scene = scene("Last unit", 1, "100.00");
        Person owner = scene.owner();
        Person backer = scene.backer();
        String title = scene.title();
        pledgeConfirmed(backer, "Early bird (at least 25.00 USD)", "25.00");

        owner.waiting(LIVE).until(driver -> owner.live("remaining").equals("sold out"));
        WebElement option = owner.browser.findElement(By.xpath("//select[@id='rewardTierId']/option[starts-with(normalize-space(.), 'Early bird')]"));
        assertThat(option.isEnabled()).as("the sold-out reward can no longer be chosen").isFalse();
        assertThat(owner.browser.findElements(By.linkText("Choose this reward")).stream().filter(WebElement::isDisplayed)).isEmpty();

        find(backer, title);
        assertThat(backer.live("remaining")).isEqualTo("sold out");
        assertThat(backer.browser.findElement(By.xpath("//select[@id='rewardTierId']/option[contains(., 'sold out')]")).isEnabled()).isFalse();
    }

    @Test
    void aBadAmountShowsAnErrorBesideTheFieldAndPledgesNothing() {
        Person backer = scene("Bad amount", 5, "100.00").backer();

        backer.fill("Amount (USD)", "12.345");
        assertThat(backer.browser.executeScript("return arguments[0].validity.valid", backer.field("Amount (USD)")))
                .as("the browser refuses three decimal places").isEqualTo(false);
        // past the browser's own check, the web app checks again
        backer.browser.executeScript("arguments[0].removeAttribute('step'); arguments[0].form.noValidate = true", backer.field("Amount (USD)"));
        backer.fill("Amount (USD)", "12.345");
        backer.press("Pledge");
        assertThat(backer.errorOf("Amount (USD)")).isEqualTo("Use at most 2 decimal places");
        backer.browser.executeScript("arguments[0].form.noValidate = true", backer.field("Amount (USD)"));
        backer.fill("Amount (USD)", "2000000");
        backer.press("Pledge");
        assertThat(backer.errorOf("Amount (USD)")).isEqualTo("Enter at most 1000000.00");

        backer.open("/pledges");
        assertThat(backer.browser.getPageSource()).contains("You have not pledged yet.");
        backer.open("/wallet");
        assertThat(backer.wallet("reserved")).isEqualTo("0.00 USD");
    }

    @Test
    void aBackerCancelsAPledgeAndTheMoneyReturnsToTheWallet() {
        Scene scene = scene("Cancel me", 5, "100.00");
        Person owner = scene.owner();
        Person backer = scene.backer();
        pledgeConfirmed(backer, null, "30.00");

        backer.open("/pledges");
        backer.browser.findElement(By.xpath("//button[normalize-space(.)='Cancel pledge']")).click();
        assertThat(backer.notice()).contains("being cancelled");
        backer.waiting(LIVE).until(driver -> {
            backer.open("/pledges");
            return backer.browser.findElement(By.cssSelector("tbody tr td:nth-child(3)")).getText().startsWith("Refunded");
        });
        backer.open("/wallet");
        assertThat(backer.wallet("balance")).isEqualTo("100.00 USD");
        owner.waiting(LIVE).until(driver -> owner.live("funds").equals("0.00 USD"));
    }

    @Test
    void theTokenNeverReachesTheBrowser() {
        Person backer = person("backer").signUp().deposit("10.00");
        List<String> sources = new ArrayList<>();
        for (String page : List.of("/", "/wallet", "/pledges", "/notifications", "/campaigns/new")) {
            backer.open(page);
            sources.add(backer.browser.getPageSource());
        }
        assertThat(sources).noneMatch(source -> JWT.matcher(source).find());
        assertThat(backer.browser.manage().getCookies()).extracting(Cookie::getName).containsExactly("CROWDFUND_SESSION");
        Cookie session = backer.browser.manage().getCookieNamed("CROWDFUND_SESSION");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(backer.browser.executeScript("return document.cookie")).isEqualTo("");
        // htmx keeps the current path in sessionStorage for its history; no stored value is a token
        assertThat(backer.browser.executeScript("return Object.values(localStorage).concat(Object.values(sessionStorage)).join(' ')"))
                .asString().doesNotContainPattern(JWT.pattern());

        String before = session.getValue();
        backer.press("Log out " + backer.username);
        backer.logIn(backer.username, Platform.PASSWORD);
        assertThat(backer.browser.manage().getCookieNamed("CROWDFUND_SESSION").getValue()).as("a new session id at log-in").isNotEqualTo(before);
    }

    @Test
    void theOwnerSeesTheWebhookDeliveryOfANewPledge() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Person owner = person("owner").signUp();
            String title = "Hooked " + UUID.randomUUID().toString().substring(0, 8);
            startCampaign(owner, title, 5);
            owner.open("/notifications");
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
            owner.fill("Endpoint URL", url);
            owner.press("Add the endpoint");
            String secret = owner.field("Signing secret for " + url).getDomProperty("value");
            assertThat(secret).startsWith("whsec_");
            owner.open("/notifications");
            assertThat(owner.browser.getPageSource()).as("the secret is shown once").doesNotContain(secret);

            Person backer = person("backer").signUp().deposit("100.00");
            find(backer, title);
            pledgeConfirmed(backer, null, "40.00");

            owner.follow(url);
            owner.waiting(LIVE).until(driver -> {
                owner.open(owner.path());
                return owner.browser.findElements(By.xpath("//tr[td[1][normalize-space(.)='pledge.confirmed']]/td[2][normalize-space(.)='Succeeded']")).size() == 1;
            });
            assertThat(received).anyMatch(body -> body.contains("\"type\":\"pledge.confirmed\"") && body.contains("\"amount\":40"));

            owner.press("Send a ping");
            assertThat(owner.notice()).contains("ping");
            owner.waiting(LIVE).until(driver -> {
                owner.open(owner.path());
                return !owner.browser.findElements(By.xpath("//tr[td[1][normalize-space(.)='ping']]/td[2][normalize-space(.)='Succeeded']")).isEmpty();
            });
            owner.browser.findElement(By.xpath("//button[@aria-label='Deliver the pledge.confirmed event again']")).click();
            owner.waiting(LIVE).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status].notice"), "Delivering again"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void anOperatorClosesACampaignAndTheOpenPageShowsTheOutcome() {
        Person owner = person("owner").signUp();
        String title = "Closed early " + UUID.randomUUID().toString().substring(0, 8);
        String campaignId = startCampaign(owner, title, 5);
        owner.browser.executeScript("window.stillTheSamePage = true");

        Person operator = person("operator").logIn(Platform.OPERATOR_USERNAME, Platform.OPERATOR_PASSWORD);
        operator.open("/operator");
        operator.waiting(LIVE).until(driver -> {
            operator.open("/operator");
            return !driver.findElements(By.xpath("//button[@aria-label='Close campaign " + campaignId + " now']")).isEmpty();
        });
        WebElement page = operator.browser.findElement(By.tagName("html"));
        operator.browser.findElement(By.xpath("//button[@aria-label='Close campaign " + campaignId + " now']")).click();
        operator.awaitGone(page);
        assertThat(operator.notice()).contains("Closing campaign " + campaignId);

        owner.waiting(LIVE).until(driver -> owner.live("status").startsWith("Not funded."));
        assertThat(owner.browser.findElement(By.cssSelector("[data-live=closed-note]")).isDisplayed()).isTrue();
        assertThat(owner.browser.executeScript("return window.stillTheSamePage")).as("not reloaded").isEqualTo(true);
        operator.open("/operator/reconciliation");
        assertThat(operator.notice()).startsWith("Balanced.");
    }

    /**
     * Swagger UI on the gateway's document works under the site's Content-Security-Policy: every service's operations
     * shown, one opened with its answers, and not one violation of the policy (the check sees one when a script is
     * injected).
     */
    @Test
    void theApiDocumentsPageShowsEveryServicesOperationsWithinTheSitesPolicy() {
        Person developer = person("developer");
        developer.browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.policyViolations = [];
                document.addEventListener("securitypolicyviolation", e => window.policyViolations.push(e.violatedDirective));"""));
        developer.open("/api/docs");
        developer.waiting(LIVE).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock-tag")));
        List<String> services = developer.browser.findElements(By.cssSelector(".opblock-tag")).stream()
                .map(tag -> tag.getDomAttribute("data-tag")).toList();
        assertThat(services).containsExactly("wallet-service", "campaign-service", "pledge-service", "notification-service",
                "closure-service");

        developer.browser.findElement(By.cssSelector(".opblock-get .opblock-summary-path[data-path='/api/pledges/{id}']")).click();
        developer.waiting(LIVE).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".responses-table .response")));
        assertThat(developer.browser.findElements(By.cssSelector(".opblock-get .responses-table .response")).stream()
                .map(row -> row.getDomAttribute("data-code")).toList()).contains("200", "404", "502");
        assertThat(developer.browser.executeScript("return window.policyViolations")).asList().isEmpty();

        developer.browser.executeScript("const s = document.createElement('script'); s.textContent = '1'; document.body.append(s)");
        developer.waiting(LIVE).until(driver -> !((List<?>) developer.browser.executeScript("return window.policyViolations")).isEmpty());
    }

    @Test
    void everyPageHasNoSeriousOrCriticalAccessibilityViolation() throws IOException {
        Person owner = person("owner").signUp().deposit("100.00");
        String title = "Solar kiosk for the village school";
        String campaignId = startCampaign(owner, title, 5);
        pledgeConfirmed(owner, "Early bird (at least 25.00 USD)", "30.00");
        String pledgePage = owner.path();
        owner.open("/notifications");
        owner.fill("Endpoint URL", "http://127.0.0.1:9/hooks");
        owner.press("Add the endpoint");
        owner.follow("http://127.0.0.1:9/hooks");
        String webhookPage = owner.path();

        owner.open("/");
        owner.browser.executeScript("document.querySelector('main').append(document.createElement('input'))");
        assertThat(owner.accessibilityViolations()).as("the check finds a control without a label").anyMatch(v -> v.startsWith("label "));

        Map<String, List<String>> violations = new LinkedHashMap<>();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("discover", "/");
        pages.put("campaign", "/campaigns/" + campaignId);
        pages.put("pledge", pledgePage);
        pages.put("my-pledges", "/pledges");
        pages.put("wallet", "/wallet");
        pages.put("start-campaign", "/campaigns/new");
        pages.put("my-campaigns", "/my/campaigns");
        pages.put("dashboard", "/campaigns/" + campaignId + "/manage");
        pages.put("notifications", "/notifications");
        pages.put("webhook", webhookPage);
        pages.put("not-found", "/no/such/page");
        for (var entry : pages.entrySet()) {
            owner.open(entry.getValue());
            owner.screenshot(entry.getKey());
            violations.put(entry.getKey(), owner.accessibilityViolations());
        }
        owner.press("Log out " + owner.username);
        for (String page : List.of("/login", "/signup")) {
            owner.open(page);
            violations.put(page, owner.accessibilityViolations());
        }
        Person operator = person("operator").logIn(Platform.OPERATOR_USERNAME, Platform.OPERATOR_PASSWORD);
        for (String page : List.of("/operator", "/operator/reconciliation")) {
            operator.open(page);
            operator.screenshot(page.substring(1).replace('/', '-'));
            violations.put(page, operator.accessibilityViolations());
        }
        violations.values().removeIf(List::isEmpty);
        assertThat(violations).isEmpty();
    }
}
