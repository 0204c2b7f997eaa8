package io.crowdfund.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against what the code reads. Every environment variable a service or web-app reads through a
 * {@code ${NAME:default}} placeholder (in its {@code application*.yml}, or in the libraries under libs/ it runs with) is in
 * a table of the process's section (for a service, or of "Every service"), with the code's default; and every variable
 * those sections document is one the process reads.
 *
 * <p>How the tables say it: a row's first cell names one or more variables as code spans, its second cell gives their
 * defaults in the same order, separated by commas: a code span holding the default exactly, "empty" or "unset" for an
 * empty default, "required" for none; anything after it in the same part (a parenthesis, a colon) is a remark. Rows whose
 * first cell names Spring properties ({@code crowdfund.messaging.relay.*}) are not checked. The local stack's section is
 * about its launcher, not Spring, and is not checked either.
 */
class ConfigurationDocumentTests {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Path DOCUMENT = ROOT.resolve("docs/configuration.md");
    private static final List<String> SERVICES = List.of("wallet-service", "campaign-service", "pledge-service", "notification-service",
            "closure-service");
    private static final String EVERY_SERVICE = "Every service";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]*)`");

    @Test
    void documentsEveryEnvironmentVariableTheCodeReadsWithItsDefault() throws IOException {
        List<String> problems = problems(Files.readString(DOCUMENT), read());

        assertThat(problems).as("docs/configuration.md against the code's ${NAME:default} placeholders").isEmpty();
    }

    /** The check above can fail: on copies of the document without a row, with a default changed, with a name changed, it says so. */
    @Test
    void namesAnUndocumentedVariableADefaultThatDiffersAndAVariableNothingReads() throws IOException {
        String document = Files.readString(DOCUMENT);
        String withoutTimeout = document.lines().filter(line -> !line.startsWith("| `PLEDGE_STEP_TIMEOUT` |"))
                .collect(Collectors.joining("\n", "", "\n"));
        String otherDefault = document.replace("| `CLOSURE_SCAN_INTERVAL` | `1s` |", "| `CLOSURE_SCAN_INTERVAL` | `5s` |");
        String otherName = document.replace("| `CLOSURE_SCAN_INTERVAL` |", "| `CLOSURE_SCAN_EVERY` |");

        assertThat(added(withoutTimeout, document)).containsExactly(
                "pledge-service reads PLEDGE_STEP_TIMEOUT (default `30s`), which the document does not give for it");
        assertThat(added(otherDefault, document)).containsExactly(
                "closure-service reads CLOSURE_SCAN_INTERVAL with the default `1s`, the document says `5s`");
        assertThat(added(otherName, document)).containsExactlyInAnyOrder(
                "closure-service reads CLOSURE_SCAN_INTERVAL (default `1s`), which the document does not give for it",
                "the document gives CLOSURE_SCAN_EVERY for closure-service, which does not read it");
    }

    /** The problems a changed copy of the document has that the document itself has not. */
    private static List<String> added(String changed, String document) throws IOException {
        assertThat(changed).as("the change applies").isNotEqualTo(document);
        List<String> problems = new ArrayList<>(problems(changed, read()));
        problems.removeAll(problems(document, read()));
        return problems;
    }

    @Test
    void readsThePlaceholdersOfTheServicesAndTheirLibraries() throws IOException {
        Map<String, Map<String, Optional<String>>> read = read();

        assertThat(read.get("pledge-service")).containsEntry("PLEDGE_STEP_TIMEOUT", Optional.of("30s"))
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", Optional.of("localhost:9092"))
                .containsEntry("JWKS_URL", Optional.of("http://localhost:8083/.well-known/jwks.json"));
        assertThat(read.get("notification-service")).containsEntry("SMTP_USERNAME", Optional.of(""))
                .containsEntry("MAIL_FROM", Optional.of("Crowdfund <notifications@crowdfund.local>"));
        assertThat(read.get("web-app")).containsEntry("MANAGEMENT_PORT", Optional.of("${server.port}"))
                .doesNotContainKey("KAFKA_BOOTSTRAP_SERVERS");
    }

    /** What is wrong with the document, given what each process reads (name to default; empty: no default). */
    static List<String> problems(String document, Map<String, Map<String, Optional<String>>> read) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> sections = sections(document, problems);
        Map<String, String> everyService = sections.getOrDefault(EVERY_SERVICE, Map.of());
        read.forEach((process, variables) -> {
            Map<String, String> own = sections.getOrDefault(process, Map.of());
            boolean service = SERVICES.contains(process);
            variables.forEach((name, codeDefault) -> {
                String documented = own.containsKey(name) ? own.get(name) : service ? everyService.get(name) : null;
                if (documented == null) {
                    problems.add("%s reads %s (default %s), which the document does not give for it".formatted(process, name,
                            codeDefault.map(value -> "`" + value + "`").orElse("none")));
                } else if (!documentedDefault(documented).equals(codeDefault.map(value -> value.isEmpty() ? "" : "`" + value + "`")
                        .orElse("required"))) {
                    problems.add("%s reads %s with the default %s, the document says %s".formatted(process, name,
                            codeDefault.map(value -> value.isEmpty() ? "empty" : "`" + value + "`").orElse("none"), documented));
                }
                if (service && own.containsKey(name) && everyService.containsKey(name)) {
                    problems.add("the document gives %s both for %s and for every service".formatted(name, process));
                }
            });
            own.keySet().stream().filter(name -> !variables.containsKey(name))
                    .forEach(name -> problems.add("the document gives %s for %s, which does not read it".formatted(name, process)));
        });
        everyService.keySet().forEach(name -> SERVICES.stream().filter(service -> !read.get(service).containsKey(name))
                .forEach(service -> problems.add("the document gives %s for every service, but %s does not read it"
                        .formatted(name, service))));
        return problems;
    }

    /** A documented default as compared: the code span's text in backticks, "" for empty or unset, "required", or the text itself. */
    private static String documentedDefault(String text) {
        if (text.startsWith("`")) {
            return text.substring(0, text.indexOf('`', 1) + 1);
        }
        if (text.startsWith("empty") || text.startsWith("unset")) {
            return "";
        }
        return text.startsWith("required") ? "required" : text;
    }

    /** Each checked section's variables and their documented defaults, by process ("Every service" for the shared one). */
    private static Map<String, Map<String, String>> sections(String document, List<String> problems) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        String section = null;
        for (String line : document.lines().toList()) {
            if (line.startsWith("## ")) {
                String heading = line.substring(3).strip();
                section = heading.startsWith(EVERY_SERVICE) ? EVERY_SERVICE
                        : Stream.concat(SERVICES.stream(), Stream.of("web-app")).filter(heading::startsWith).findFirst().orElse(null);
            } else if (section != null && line.startsWith("| `")) {
                List<String> cells = cells(line);
                List<String> names = codeSpans(cells.get(0));
                if (names.isEmpty() || !names.stream().allMatch(name -> ENV_NAME.matcher(name).matches())) {
                    continue;
                }
                List<String> defaults = parts(cells.get(1));
                if (defaults.size() != names.size()) {
                    problems.add("the row of %s gives %d defaults for %d variables: %s"
                            .formatted(names, defaults.size(), names.size(), cells.get(1)));
                    continue;
                }
                Map<String, String> documented = sections.computeIfAbsent(section, s -> new TreeMap<>());
                for (int i = 0; i < names.size(); i++) {
                    if (documented.put(names.get(i), defaults.get(i)) != null) {
                        problems.add("the document gives %s twice for %s".formatted(names.get(i), section));
                    }
                }
            }
        }
        return sections;
    }

    /** A table row's cells, split at the pipes outside code spans. */
    private static List<String> cells(String row) {
        return split(row.strip().replaceAll("^\\||\\|$", ""), '|');
    }

    /** A defaults cell's parts, split at the commas outside code spans and parentheses. */
    private static List<String> parts(String cell) {
        return split(cell, ',');
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean code = false;
        int depth = 0;
        for (char c : text.toCharArray()) {
            code ^= c == '`';
            depth += code ? 0 : c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == separator && !code && depth == 0) {
                parts.add(part.toString().strip());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString().strip());
        return parts;
    }

    private static List<String> codeSpans(String text) {
        List<String> spans = new ArrayList<>();
        Matcher span = CODE_SPAN.matcher(text);
        while (span.find()) {
            spans.add(span.group(1));
        }
        return spans;
    }

    /** Each process's environment variables (the five services and web-app) with their defaults. */
    static Map<String, Map<String, Optional<String>>> read() throws IOException {
        Map<String, Map<String, Optional<String>>> read = new LinkedHashMap<>();
        for (String process : Stream.concat(SERVICES.stream(), Stream.of("web-app")).toList()) {
            Map<String, Optional<String>> variables = new TreeMap<>();
            for (Path file : sources(process)) {
                placeholders(Files.readString(file)).forEach((name, value) -> {
                    Optional<String> before = variables.put(name, value);
                    assertThat(before == null || before.equals(value))
                            .as("%s reads %s with two defaults, %s and %s (%s)", process, name, before, value, file).isTrue();
                });
            }
            read.put(process, variables);
        }
        return read;
    }

    /** A module's application*.yml, and the main code and resources of the libraries it depends on (not in test scope). */
    private static List<Path> sources(String module) throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> resources = Files.list(ROOT.resolve(module + "/src/main/resources"))) {
            resources.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).sorted().forEach(sources::add);
        }
        Matcher dependency = Pattern.compile("<dependency><groupId>io\\.crowdfund</groupId><artifactId>([\\w-]+)</artifactId>(<scope>)?")
                .matcher(Files.readString(ROOT.resolve(module + "/pom.xml")));
        while (dependency.find()) {
            Path library = ROOT.resolve("libs/" + dependency.group(1) + "/src/main");
            if (dependency.group(2) == null && Files.isDirectory(library)) {
                try (Stream<Path> files = Files.walk(library)) {
                    files.filter(f -> f.toString().endsWith(".java") || f.toString().matches(".*\\.ya?ml")).sorted().forEach(sources::add);
                }
            }
        }
        return sources;
    }

    /** The {@code ${NAME}} and {@code ${NAME:default}} placeholders in a text; a default may itself hold placeholders. */
    static Map<String, Optional<String>> placeholders(String text) {
        Map<String, Optional<String>> found = new LinkedHashMap<>();
        Matcher start = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)([:}])").matcher(text);
        int from = 0;
        while (start.find(from)) {
            if (start.group(2).equals("}")) {
                found.put(start.group(1), Optional.empty());
                from = start.end();
                continue;
            }
            int depth = 1;
            int end = start.end();
            while (depth > 0) {
                char c = text.charAt(end++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            found.put(start.group(1), Optional.of(text.substring(start.end(), end - 1)));
            from = start.end();
        }
        return found;
    }
}
