package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person using the site in their own browser: finds controls by their label, buttons and links by
 * their text, as a person does, and checks each page with axe-core.
 */
final class Person implements AutoCloseable {

    private static final String AXE = axe();

    final String username;
    final ChromeDriver browser;
    private final String site;

    Person(String site, String name) {
        this.site = site;
        this.username = name + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.browser = Browser.start();
    }

    Person open(String path) {
        browser.get(site + path);
        return this;
    }

    String path() {
        return browser.getCurrentUrl().replace(site, "");
    }

    Person signUp() {
        open("/signup");
        fill("Username", username);
        fill("Email", username + "@example.com");
        fill("Password", Platform.PASSWORD);
        press("Create my account");
        assertThat(heading()).as(this::mainText).isEqualTo("Wallet");
        return this;
    }

    Person logIn(String name, String password) {
        open("/login");
        fill("Username", name);
        fill("Password", password);
        press("Log in");
        return this;
    }

    Person deposit(String amount) {
        open("/wallet");
        fill("Amount (USD)", amount);
        press("Deposit");
        assertThat(notice()).startsWith("Deposited " + amount);
        return this;
    }

    /** The control a label names. */
    WebElement field(String label) {
        WebElement labelElement = browser.findElement(By.xpath("//label[normalize-space(.)=" + literal(label) + "]"));
        return browser.findElement(By.id(labelElement.getDomAttribute("for")));
    }

    void fill(String label, String value) {
        WebElement field = field(label);
        field.clear();
        field.sendKeys(value);
    }

    void choose(String label, String option) {
        new Select(field(label)).selectByVisibleText(option);
    }

    /** Presses a button that submits its form, and waits for the page that answers. */
    void press(String button) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.xpath("//button[normalize-space(.)=" + literal(button) + "]")).click();
        awaitGone(page);
    }

    /** Follows a link to another page. */
    void follow(String link) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.linkText(link)).click();
        awaitGone(page);
    }

    /**
     * Waits until the page the element belongs to has been replaced. Chromium reports a replaced page's
     * element either as stale or, while the next page loads, as a node "not belonging to the document".
     */
    void awaitGone(WebElement page) {
        waiting(Duration.ofSeconds(30)).until(driver -> {
            try {
                page.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException loading) {
                if (String.valueOf(loading.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw loading;
            }
        });
    }

    /** What the page says, for an assertion's message. */
    String mainText() {
        return path() + ": " + browser.findElement(By.tagName("main")).getText();
    }

    String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    String notice() {
        return browser.findElement(By.cssSelector("[role=status].notice, [role=alert].notice")).getText();
    }

    /** The text of the element a live-region marker names on the campaign page, e.g. {@code funds}. */
    String live(String what) {
        return browser.findElement(By.cssSelector("[data-live=" + what + "]")).getText();
    }

    /** The wallet page's {@code balance} or {@code reserved} amount, as shown. */
    String wallet(String which) {
        return browser.findElement(By.cssSelector("[data-wallet=" + which + "]")).getText();
    }

    /** The error message shown beside a field. */
    String errorOf(String label) {
        String id = field(label).getDomAttribute("aria-describedby");
        assertThat(id).as("the field %s names its error", label).isNotNull();
        return browser.findElement(By.id(id)).getText();
    }

    /** Waits for a condition; if it never holds, the failure says what the page showed last. */
    WebDriverWait waiting(Duration atMost) {
        WebDriverWait wait = new WebDriverWait(browser, atMost, Duration.ofMillis(50));
        wait.withMessage(() -> "the page showed " + mainText());
        return wait;
    }

    /** axe-core's serious and critical violations on the current page (none is the goal). */
    List<String> accessibilityViolations() {
        browser.executeScript(AXE);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ["violations"]}).then(result => done(result.violations
                    .filter(v => v.impact === "serious" || v.impact === "critical")
                    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")).join(", ")}))));
                """);
        return violations.stream().map(v -> v.get("id") + " (" + v.get("impact") + "): " + v.get("help") + " at " + v.get("nodes")).toList();
    }

    void screenshot(String name) {
        try {
            Path file = Path.of("target/screens", name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.quit();
    }

    private static String literal(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }

    private static String axe() {
        try (InputStream in = Person.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe-core's WebJar is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
