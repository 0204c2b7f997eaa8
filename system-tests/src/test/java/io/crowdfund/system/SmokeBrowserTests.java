package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

class SmokeBrowserTests {

    static Site site;
    static ChromeDriver browser;

    @BeforeAll
    static void start() {
        site = new Site().start();
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (site != null) {
            site.close();
        }
    }

    @Test
    void discoverPageRenders() throws Exception {
        browser.get(site.url() + "/");
        Files.createDirectories(Path.of("target/screens"));
        Files.write(Path.of("target/screens/discover.png"), browser.getScreenshotAs(OutputType.BYTES));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Discover campaigns");
    }
}
