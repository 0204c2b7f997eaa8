package io.crowdfund.k8s;

import java.util.stream.Stream;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;

/**
 * TLS on every hop the prod overlay sets up (docs/security.md, "In transit: TLS"), in the overlay as kustomize renders
 * it: the Ingress ends HTTPS with a certificate from cert-manager and redirects HTTP to it; every service and web-app
 * connect to PostgreSQL with {@code sslmode=verify-full} against the CloudNativePG cluster's CA, mounted from its Secret;
 * notification-service requires STARTTLS of its SMTP server; the services fetch the JWKS over HTTPS, through the Ingress,
 * and refuse to start otherwise. The dev overlay stays on plain HTTP and PostgreSQL without TLS, which it says.
 */
class TlsManifestTests {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    /** The services, which verify tokens with the JWKS; web-app does not (the person's token stays in its session). */
    private static final List<String> SERVICES = List.of("wallet-service", "campaign-service", "pledge-service", "notification-service",
            "closure-service");
    private static final List<String> DEPLOYED = List.of("wallet-service", "campaign-service", "pledge-service", "notification-service",
            "closure-service", "web-app");

    private final List<HasMetadata> prod = Kustomize.renderWithout(ROOT.resolve("infra/k8s/overlays/prod"), "images");

    @Test
    void theIngressEndsTlsWithACertificateFromCertManagerForEveryHostAndRedirectsHttpToHttps() {
        Ingress ingress = one(prod, Ingress.class, "crowdfund");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "true")
                .hasEntrySatisfying("cert-manager.io/cluster-issuer", issuer -> assertThat(issuer).isNotBlank());
        List<IngressTLS> tls = ingress.getSpec().getTls();
        assertThat(tls).isNotEmpty().allSatisfy(entry -> assertThat(entry.getSecretName()).isNotBlank());
        List<String> hosts = ingress.getSpec().getRules().stream().map(IngressRule::getHost).toList();
        assertThat(hosts).isNotEmpty().doesNotContainNull();
        assertThat(tls.stream().flatMap(entry -> entry.getHosts().stream())).as("a certificate for every host").containsAll(hosts);
    }

    @Test
    void theDevOverlayRendersWithoutTlsAsItSays() throws IOException {
        List<HasMetadata> dev = Kustomize.render(ROOT.resolve("infra/k8s/overlays/dev"));
        Ingress ingress = one(dev, Ingress.class, "crowdfund");
        assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
        assertThat(ingress.getMetadata().getAnnotations()).doesNotContainKeys("cert-manager.io/cluster-issuer", "nginx.ingress.kubernetes.io/force-ssl-redirect");
        assertThat(environment(dev, "wallet-service")).containsEntry("JWKS_REQUIRE_HTTPS", "false");
        assertThat(Files.readString(ROOT.resolve("infra/k8s/base/ingress.yaml"))).contains("Plain HTTP here and in the dev overlay");
    }

    @Test
    void everyServiceAndWebAppVerifiesPostgresqlsCertificateAgainstTheClustersCa() {
        List<GenericKubernetesResource> clusters = prod.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(resource -> resource.getKind().equals("Cluster")).toList();
        assertThat(clusters).hasSize(1);
        String cluster = clusters.getFirst().getMetadata().getName();
        for (String deployed : DEPLOYED) {
            URI url = URI.create(environment(prod, deployed).get("DB_URL").substring("jdbc:".length()));
            // the name CloudNativePG's server certificate carries for the primary's Service
            assertThat(url.getHost()).as(deployed).isEqualTo(cluster + "-rw");
            Map<String, String> parameters = Arrays.stream(url.getQuery().split("&")).map(pair -> pair.split("=", 2))
                    .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
            assertThat(parameters).as(deployed).containsEntry("sslmode", "verify-full").containsKey("sslrootcert");

            Path rootCert = Path.of(parameters.get("sslrootcert"));
            var pod = one(prod, Deployment.class, deployed).getSpec().getTemplate().getSpec();
            List<VolumeMount> mounts = pod.getContainers().getFirst().getVolumeMounts().stream()
                    .filter(mount -> Path.of(mount.getMountPath()).equals(rootCert.getParent())).toList();
            assertThat(mounts).as("%s mounts %s", deployed, rootCert.getParent()).hasSize(1);
            assertThat(mounts.getFirst().getReadOnly()).as(deployed).isTrue();
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mounts.getFirst().getName())).findFirst().orElseThrow();
            assertThat(volume.getSecret().getSecretName()).as(deployed).isEqualTo(cluster + "-ca");
            // the CA's certificate alone: the Secret also holds the CA's private key
            assertThat(volume.getSecret().getItems()).as(deployed).singleElement().satisfies(item -> {
                assertThat(item.getKey()).isEqualTo("ca.crt");
                assertThat(item.getPath()).isEqualTo(rootCert.getFileName().toString());
            });
        }
    }

    @Test
    void notificationServiceRequiresStarttlsOfItsSmtpServer() throws IOException {
        assertThat(environment(prod, "notification-service")).containsEntry("SMTP_STARTTLS", "true").containsEntry("SMTP_STARTTLS_REQUIRED", "true");
        assertThat(Files.readString(ROOT.resolve("notification-service/src/main/resources/application.yml")))
                .contains("mail.smtp.starttls.required: ${SMTP_STARTTLS_REQUIRED:false}");
    }

    @Test
    void everyServiceFetchesTheJwksOverHttpsThroughTheIngressAndRefusesToStartOtherwise() throws IOException {
        Ingress ingress = one(prod, Ingress.class, "crowdfund");
        List<String> tlsHosts = ingress.getSpec().getTls().stream().flatMap(entry -> entry.getHosts().stream()).toList();
        // web-app's gateway routes the JWKS under /api to wallet-service
        assertThat(Files.readString(ROOT.resolve("web-app/src/main/resources/application.yml"))).contains("/api/.well-known/**");
        for (String deployed : SERVICES) {
            Map<String, String> environment = environment(prod, deployed);
            URI jwks = URI.create(environment.get("JWKS_URL"));
            assertThat(jwks.getScheme()).as(deployed).isEqualTo("https");
            assertThat(tlsHosts).as("%s: a host the Ingress has a certificate for", deployed).contains(jwks.getHost());
            assertThat(jwks.getPath()).as(deployed).isEqualTo("/api/.well-known/jwks.json");
            assertThat(environment).as(deployed).containsEntry("JWKS_REQUIRE_HTTPS", "true");
            // and the egress policies let it reach the ingress controller's HTTPS port
            Map<String, String> labels = one(prod, Deployment.class, deployed).getSpec().getTemplate().getMetadata().getLabels();
            assertThat(prod.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast)
                    .filter(policy -> EgressPolicyTests.matches(policy.getSpec().getPodSelector(), labels))
                    .flatMap(policy -> policy.getSpec().getEgress() == null ? Stream.empty() : policy.getSpec().getEgress().stream())
                    .filter(rule -> rule.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == 443))
                    .flatMap(rule -> rule.getTo().stream()))
                    .as("%s: an egress rule to the ingress controller on 443", deployed)
                    .anySatisfy(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                            .containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
        }
    }

    /** The literal environment of the Deployment's container: its ConfigMaps' data in order, then its own values. */
    static Map<String, String> environment(List<HasMetadata> objects, String deployment) {
        Container container = one(objects, Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().getFirst();
        Map<String, String> environment = new HashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            environment.putAll(one(objects, ConfigMap.class, source.getConfigMapRef().getName()).getData());
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValue() != null) {
                environment.put(variable.getName(), variable.getValue());
            }
        }
        return environment;
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.getFirst();
    }
}
