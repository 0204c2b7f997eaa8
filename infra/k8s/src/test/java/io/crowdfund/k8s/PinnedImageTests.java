package io.crowdfund.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * The prod overlay runs every image by digest: it builds only with the component infra/k8s/pin-images writes for a
 * release, and what that writes names every image of the base, init containers included, by a sha256 digest. The
 * digests in the test's list (pinned-images.txt) are made up; a release takes them from its registry.
 */
class PinnedImageTests {

    private static final Path PROD = ManifestFiles.K8S.resolve("overlays/prod");
    private static final Path FIXTURE = Path.of("src/test/resources/pinned-images.txt").toAbsolutePath();
    private static final String DIGEST = "@sha256:[0-9a-f]{64}";

    @TempDir
    Path copy;

    @Test
    void theProdOverlayTakesItsImagesFromThePinnedComponentAndNamesNoTagOfItsOwn() throws IOException {
        String kustomization = Files.readString(PROD.resolve("kustomization.yaml"));
        assertThat(kustomization).contains("components:\n  - images\n").doesNotContainPattern("(?m)^images:").doesNotContain("newTag");
        Path pinned = PROD.resolve("images/kustomization.yaml");
        if (Files.exists(pinned)) {
            // a release checkout, where pin-images has run: what it wrote must pin every image still
            assertThat(imagesNotByDigest(podTemplates(ManifestFiles.load(ManifestFiles.BASE)), overrides(pinned))).isEmpty();
        }
    }

    @Test
    void pinImagesWritesADigestForEveryImageOfTheBaseContainersAndInitContainers() throws IOException {
        Path script = copyOfInfraK8s();
        assertThat(run(script, "--from", FIXTURE.toString()).exitCode()).isZero();
        List<Map<String, Object>> overrides = overrides(copy.resolve("overlays/prod/images/kustomization.yaml"));
        Collection<PodTemplateSpec> templates = podTemplates(ManifestFiles.load(ManifestFiles.BASE));
        assertThat(imagesNotByDigest(templates, overrides)).isEmpty();
        Set<String> pinned = new TreeSet<>();
        for (PodTemplateSpec template : templates) {
            containers(template.getSpec()).forEach(c -> pinned.add(override(c.getImage(), overrides)));
        }
        List<String> expected = Files.readAllLines(FIXTURE).stream().filter(line -> !line.startsWith("#")).toList();
        assertThat(pinned).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theRenderedProdOverlayNamesEveryImageByDigestAndDoesNotBuildUnpinned() throws IOException {
        assumeTrue(onPath("kubectl"), "kubectl (its kustomize) renders the overlay");
        Path script = copyOfInfraK8s();
        Result unpinned = run(List.of("kubectl", "kustomize", copy.resolve("overlays/prod").toString()));
        assertThat(unpinned.exitCode()).as("the prod overlay without digests: " + unpinned.output()).isNotZero();

        assertThat(run(script, "--from", FIXTURE.toString()).exitCode()).isZero();
        Result rendered = run(List.of("kubectl", "kustomize", copy.resolve("overlays/prod").toString()));
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        List<HasMetadata> resources = ManifestFiles.parse(rendered.output());
        List<String> images = new ArrayList<>();
        podTemplates(resources).forEach(template -> containers(template.getSpec()).forEach(c -> images.add(c.getImage())));
        assertThat(images).hasSizeGreaterThanOrEqualTo(6).allMatch(image -> image.matches("registry\\.example\\.com/crowdfund/[a-z-]+" + DIGEST));
    }

    @Test
    void pinImagesWritesNothingForAnIncompleteListOrAReferenceByTag() throws IOException {
        Path script = copyOfInfraK8s();
        List<String> references = Files.readAllLines(FIXTURE).stream().filter(line -> !line.startsWith("#")).toList();
        Path incomplete = copy.resolve("incomplete.txt");
        Files.write(incomplete, references.subList(1, references.size()));
        Path tagged = copy.resolve("tagged.txt");
        Files.write(tagged, Stream.concat(Stream.of(references.getFirst().replaceAll("@sha256:.*", ":0.1.0")), references.stream().skip(1)).toList());
        for (Path list : List.of(incomplete, tagged)) {
            Result result = run(script, "--from", list.toString());
            assertThat(result.exitCode()).as(list + ": " + result.output()).isNotZero();
            assertThat(copy.resolve("overlays/prod/images/kustomization.yaml")).doesNotExist();
        }
    }

    @Test
    void theCheckFindsAnImageLeftByTagInAContainerOrAnInitContainer() {
        PodTemplateSpec pod = ManifestFiles.YAML.unmarshal("""
                spec:
                  initContainers: [{name: migrate, image: "crowdfund/migrate:1.0"}]
                  containers: [{name: app, image: "crowdfund/app:latest"}, {name: proxy, image: "registry.example.com:5000/proxy:2"}]
                """, PodTemplateSpec.class);
        String digest = "sha256:" + "a".repeat(64);
        List<Map<String, Object>> overrides = List.of(Map.of("name", "crowdfund/app", "newName", "registry.example.com/crowdfund/app", "digest", digest),
                Map.of("name", "registry.example.com:5000/proxy", "newTag", "3"));
        assertThat(imagesNotByDigest(List.of(pod), overrides)).containsExactly("crowdfund/migrate:1.0", "registry.example.com:5000/proxy:3");
        assertThat(override("crowdfund/app:latest", overrides)).isEqualTo("registry.example.com/crowdfund/app@" + digest);
    }

    /** The images kustomize's image transformer leaves by tag (or with neither tag nor digest). */
    private static List<String> imagesNotByDigest(Collection<PodTemplateSpec> templates, List<Map<String, Object>> overrides) {
        List<String> notByDigest = new ArrayList<>();
        for (PodTemplateSpec template : templates) {
            for (Container container : containers(template.getSpec())) {
                String image = override(container.getImage(), overrides);
                if (!image.matches(".+" + DIGEST)) {
                    notByDigest.add(image);
                }
            }
        }
        return notByDigest;
    }

    /** What kustomize's images field makes of an image: the entry whose name is the image's name sets its name, tag or digest. */
    static String override(String image, List<Map<String, Object>> overrides) {
        int at = image.indexOf('@');
        String reference = at < 0 ? image : image.substring(0, at);
        int colon = reference.lastIndexOf(':');
        String name = colon > reference.lastIndexOf('/') ? reference.substring(0, colon) : reference;
        for (Map<String, Object> entry : overrides) {
            if (name.equals(entry.get("name"))) {
                String newName = (String) entry.getOrDefault("newName", name);
                if (entry.get("digest") != null) {
                    return newName + "@" + entry.get("digest");
                }
                if (entry.get("newTag") != null) {
                    return newName + ":" + entry.get("newTag");
                }
                return newName + image.substring(name.length());
            }
        }
        return image;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> overrides(Path component) throws IOException {
        Map<String, Object> kustomization = ManifestFiles.YAML.unmarshal(Files.readString(component), Map.class);
        assertThat(kustomization).containsEntry("kind", "Component");
        return (List<Map<String, Object>>) kustomization.get("images");
    }

    private static Collection<PodTemplateSpec> podTemplates(List<HasMetadata> resources) {
        return ManifestFiles.podTemplates(resources).values();
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    }

    /** base, overlays and pin-images in the temporary directory, so the script writes there; the copy's script. */
    private Path copyOfInfraK8s() throws IOException {
        for (String part : List.of("base", "overlays", "pin-images")) {
            Path source = ManifestFiles.K8S.resolve(part);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path target = copy.resolve(part).resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else if (!file.startsWith(PROD.resolve("images"))) {
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        return copy.resolve("pin-images");
    }

    private static Result run(Path script, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        return run(command);
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }

    private record Result(int exitCode, String output) {
    }
}
