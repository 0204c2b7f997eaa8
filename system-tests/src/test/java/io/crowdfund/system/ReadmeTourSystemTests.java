package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.ServiceJar;

/**
 * The README's curl tour, run as written against the platform through the gateway: every shell block of the section
 * "The same journey with curl" in one bash session, each block's output compared with the answer the README shows
 * after it. Ids, timestamps and tokens differ from run to run, so both sides have them masked; a shown line holding
 * {@code …} matches a real line holding its pieces in order. What the tour printed is left in
 * {@code system-tests/target/readme-tour.txt}.
 */
class ReadmeTourSystemTests {

    private static final String SECTION = "### The same journey with curl";
    private static final String README_API = "http://localhost:8080/api";
    private static final Pattern FENCED = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    static Platform platform;
    static ServiceJar webApp;

    @BeforeAll
    static void start() {
        assumeTrue(onPath("bash") && onPath("curl") && onPath("jq"), "the tour needs bash, curl and jq");
        platform = new Platform(Map.of());
        // the tour calls no notification-service operation: the gateway's route to it leads nowhere
        webApp = ServiceJar.of(platform.root(), "web-app", Map.of(
                "WALLET_SERVICE_URL", platform.wallet.baseUrl(),
                "CAMPAIGN_SERVICE_URL", platform.campaign.baseUrl(),
                "PLEDGE_SERVICE_URL", platform.pledge.baseUrl(),
                "NOTIFICATION_SERVICE_URL", "http://127.0.0.1:9",
                "CLOSURE_SERVICE_URL", platform.closure.baseUrl()));
        platform.start();
        webApp.start();
    }

    @AfterAll
    static void stop() {
        if (webApp != null) {
            webApp.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyCurlCommandOfTheTourAnswersAsTheReadmeShows() throws Exception {
        List<Step> steps = tour(Files.readString(platform.root().resolve("README.md")));
        assertThat(steps).as("shell blocks in the README's curl tour").hasSizeGreaterThanOrEqualTo(5);

        List<String> outputs = run(steps);

        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.shown() != null) {
                assertShown(step, outputs.get(i));
            }
        }
    }

    /** The tour's shell blocks, each with the answer shown right after it (if any). */
    static List<Step> tour(String readme) {
        int start = readme.indexOf(SECTION);
        assertThat(start).as("the README has the section " + SECTION).isNotNegative();
        int end = readme.indexOf("\n## ", start);
        Matcher blocks = FENCED.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<Step> steps = new ArrayList<>();
        while (blocks.find()) {
            if (blocks.group(1).equals("sh")) {
                steps.add(new Step(blocks.group(2), null));
            } else if (!steps.isEmpty() && steps.getLast().shown() == null) {
                steps.set(steps.size() - 1, new Step(steps.getLast().script(), blocks.group(2)));
            }
        }
        return steps;
    }

    /** Runs the blocks in one bash session, the README's base URL replaced by the gateway's, a live stream cut after 5 s. */
    private static List<String> run(List<Step> steps) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            script.append("echo '@@step ").append(i).append("'\n")
                    .append(steps.get(i).script().replace(README_API, webApp.baseUrl() + "/api").replace("curl -sN ", "curl -sN -m 5 "))
                    .append("\necho\n");
        }
        Path file = Files.createTempFile("readme-tour", ".sh");
        Files.writeString(file, script);
        Process bash = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(2, TimeUnit.MINUTES)).as("the tour ends within 2 minutes").isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(platform.root().resolve("system-tests/target/readme-tour.txt"), output); // to read when it fails
        List<String> outputs = new ArrayList<>(Arrays.asList(output.split("@@step \\d+\\n", -1)));
        outputs.removeFirst();
        assertThat(outputs).as(output).hasSize(steps.size());
        return outputs;
    }

    private static void assertShown(Step step, String output) {
        List<String> actual = output.lines().map(ReadmeTourSystemTests::masked).map(String::strip).toList();
        int from = 0;
        for (String line : step.shown().lines().map(ReadmeTourSystemTests::masked).map(String::strip).toList()) {
            if (line.isEmpty() || line.equals("…")) {
                continue;
            }
            int found = indexOf(actual, line, from);
            assertThat(found).as("the README shows after%n%s%nthe line%n%s%nbut the command printed%n%s", step.script(), line, output)
                    .isNotNegative();
            from = found + 1;
        }
    }

    /** The first line at or after {@code from} that is {@code shown}, or holds its pieces around each {@code …} in order. */
    private static int indexOf(List<String> lines, String shown, int from) {
        String[] pieces = shown.split("…", -1);
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (pieces.length == 1 ? line.equals(shown) : holdsInOrder(line, pieces)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean holdsInOrder(String line, String[] pieces) {
        if (!line.startsWith(pieces[0]) || !line.endsWith(pieces[pieces.length - 1])) {
            return false;
        }
        int at = 0;
        for (String piece : pieces) {
            at = line.indexOf(piece, at);
            if (at < 0) {
                return false;
            }
            at += piece.length();
        }
        return true;
    }

    private static String masked(String text) {
        return TIME.matcher(UUID.matcher(text).replaceAll("<id>")).replaceAll("<time>");
    }

    private static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    record Step(String script, String shown) {
    }
}
