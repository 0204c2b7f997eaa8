package io.crowdfund.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * Pod Security Admission: each overlay's namespace enforces (and audits, and warns about) the restricted profile
 * at a pinned version, and every pod the manifests define meets that profile, rule by rule as the Pod Security
 * Standards list them, so the admission controller admits them.
 */
class PodSecurityTests {

    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
            "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

    private final List<HasMetadata> base = ManifestFiles.load(ManifestFiles.BASE);

    @Test
    void eachOverlaysNamespaceEnforcesAuditsAndWarnsAboutTheRestrictedProfileAtAPinnedVersion() throws IOException {
        for (Path overlay : ManifestFiles.OVERLAYS) {
            List<Namespace> namespaces = ManifestFiles.all(ManifestFiles.load(overlay), Namespace.class);
            assertThat(namespaces).as(overlay.toString()).hasSize(1);
            Namespace namespace = namespaces.getFirst();
            Matcher declared = Pattern.compile("(?m)^namespace: (\\S+)$").matcher(Files.readString(overlay.resolve("kustomization.yaml")));
            assertThat(declared.find()).as(overlay + " puts everything in one namespace").isTrue();
            assertThat(namespace.getMetadata().getName()).as("the namespace the overlay's pods land in").isEqualTo(declared.group(1));
            Map<String, String> labels = namespace.getMetadata().getLabels();
            String version = labels.get("pod-security.kubernetes.io/enforce-version");
            assertThat(version).as(overlay + ": a version, not latest, so an upgrade does not change what is admitted").matches("v1\\.\\d+");
            for (String mode : List.of("enforce", "audit", "warn")) {
                assertThat(labels).as(overlay.toString()).containsEntry("pod-security.kubernetes.io/" + mode, "restricted")
                        .containsEntry("pod-security.kubernetes.io/" + mode + "-version", version);
            }
        }
    }

    @Test
    void everyPodMeetsTheRestrictedProfile() {
        Map<String, PodTemplateSpec> templates = ManifestFiles.podTemplates(base);
        assertThat(templates).hasSizeGreaterThanOrEqualTo(6);
        templates.forEach((workload, template) -> assertThat(violationsOfRestricted(template)).as(workload).isEmpty());
    }

    @Test
    void everyPodRunsAsTheImagesUserWithAReadOnlyRootAndAWritableTmp() throws IOException {
        Matcher user = Pattern.compile("(?m)^USER (\\d+)(?::(\\d+))?$").matcher(Files.readString(ManifestFiles.ROOT.resolve("infra/docker/Dockerfile")));
        assertThat(user.find()).as("the Dockerfile names its user by number, which runAsNonRoot can check").isTrue();
        long uid = Long.parseLong(user.group(1));
        assertThat(uid).isPositive();
        ManifestFiles.podTemplates(base).forEach((workload, template) -> {
            PodSpec pod = template.getSpec();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(workload).isEqualTo(uid);
            assertThat(pod.getAutomountServiceAccountToken()).as(workload + " needs no Kubernetes API token").isFalse();
            for (Container container : containers(pod)) {
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(workload).isTrue();
                // the JVM and Tomcat write temporary files under /tmp
                String tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).map(m -> m.getName()).findFirst().orElse(null);
                assertThat(tmp).as(workload + " mounts /tmp").isNotNull();
                assertThat(pod.getVolumes()).as(workload).anyMatch(v -> v.getName().equals(tmp) && v.getEmptyDir() != null);
            }
        });
    }

    @Test
    void theCheckFindsEveryRuleABadPodBreaks() {
        PodTemplateSpec bad = ManifestFiles.YAML.unmarshal("""
                metadata:
                  annotations: {container.apparmor.security.beta.kubernetes.io/app: unconfined}
                spec:
                  hostNetwork: true
                  securityContext: {runAsUser: 0, sysctls: [{name: kernel.msgmax, value: "1"}]}
                  initContainers:
                    - name: init
                      image: crowdfund/init
                      securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: {drop: [ALL]},
                                        seccompProfile: {type: RuntimeDefault}}
                  containers:
                    - name: app
                      image: crowdfund/app
                      ports: [{containerPort: 8080, hostPort: 80}]
                      securityContext:
                        privileged: true
                        capabilities: {add: [NET_ADMIN]}
                        seccompProfile: {type: Unconfined}
                        seLinuxOptions: {type: spc_t}
                        procMount: Unmasked
                  volumes:
                    - {name: host, hostPath: {path: /}}
                """, PodTemplateSpec.class);
        assertThat(violationsOfRestricted(bad)).containsExactlyInAnyOrder(
                "host namespaces", "sysctl kernel.msgmax", "volume host is hostPath", "runAsUser 0 (pod)", "AppArmor annotation app",
                "app: hostPort 80", "app: privileged", "app: adds NET_ADMIN", "app: seccomp Unconfined", "app: SELinux type spc_t",
                "app: procMount Unmasked", "app: allowPrivilegeEscalation not false", "app: runAsNonRoot not true", "app: drops not ALL",
                "app: no RuntimeDefault or Localhost seccomp profile");
    }

    /** What breaks the Pod Security Standards' baseline and restricted rules, one entry per broken rule and container. */
    static List<String> violationsOfRestricted(PodTemplateSpec template) {
        List<String> violations = new ArrayList<>();
        PodSpec pod = template.getSpec();
        PodSecurityContext podContext = Objects.requireNonNullElseGet(pod.getSecurityContext(), PodSecurityContext::new);
        // baseline
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostIPC())) {
            violations.add("host namespaces");
        }
        if (podContext.getWindowsOptions() != null && Boolean.TRUE.equals(podContext.getWindowsOptions().getHostProcess())) {
            violations.add("hostProcess (pod)");
        }
        podContext.getSysctls().stream().filter(s -> !SAFE_SYSCTLS.contains(s.getName())).forEach(s -> violations.add("sysctl " + s.getName()));
        if (podContext.getSeLinuxOptions() != null && !seLinuxAllowed(podContext.getSeLinuxOptions())) {
            violations.add("SELinux (pod)");
        }
        if (podContext.getAppArmorProfile() != null && "Unconfined".equals(podContext.getAppArmorProfile().getType())) {
            violations.add("AppArmor Unconfined (pod)");
        }
        Map<String, String> annotations = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
        if (annotations != null) {
            annotations.forEach((key, value) -> {
                if (key.startsWith("container.apparmor.security.beta.kubernetes.io/") && !value.equals("runtime/default") && !value.startsWith("localhost/")) {
                    violations.add("AppArmor annotation " + key.substring(key.indexOf('/') + 1));
                }
            });
        }
        // restricted
        for (Volume volume : pod.getVolumes()) {
            String type = volumeType(volume);
            if (!RESTRICTED_VOLUMES.contains(type)) {
                violations.add("volume " + volume.getName() + " is " + type);
            }
        }
        if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
            violations.add("runAsUser 0 (pod)");
        }
        if (isUnconfined(podContext.getSeccompProfile())) {
            violations.add("seccomp Unconfined (pod)");
        }
        for (Container container : containers(pod)) {
            String name = container.getName() + ": ";
            SecurityContext context = Objects.requireNonNullElseGet(container.getSecurityContext(), SecurityContext::new);
            container.getPorts().stream().filter(p -> p.getHostPort() != null && p.getHostPort() != 0).forEach(p -> violations.add(name + "hostPort " + p.getHostPort()));
            if (Boolean.TRUE.equals(context.getPrivileged())) {
                violations.add(name + "privileged");
            }
            if (context.getWindowsOptions() != null && Boolean.TRUE.equals(context.getWindowsOptions().getHostProcess())) {
                violations.add(name + "hostProcess");
            }
            Capabilities capabilities = Objects.requireNonNullElseGet(context.getCapabilities(), Capabilities::new);
            capabilities.getAdd().stream().filter(c -> !c.equals("NET_BIND_SERVICE")).forEach(c -> violations.add(name + "adds " + c));
            if (isUnconfined(context.getSeccompProfile())) {
                violations.add(name + "seccomp Unconfined");
            }
            if (context.getSeLinuxOptions() != null && !seLinuxAllowed(context.getSeLinuxOptions())) {
                violations.add(name + "SELinux type " + context.getSeLinuxOptions().getType());
            }
            if (context.getAppArmorProfile() != null && "Unconfined".equals(context.getAppArmorProfile().getType())) {
                violations.add(name + "AppArmor Unconfined");
            }
            if (context.getProcMount() != null && !context.getProcMount().equals("Default")) {
                violations.add(name + "procMount " + context.getProcMount());
            }
            if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                violations.add(name + "allowPrivilegeEscalation not false");
            }
            boolean nonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : Boolean.TRUE.equals(podContext.getRunAsNonRoot());
            if (!nonRoot) {
                violations.add(name + "runAsNonRoot not true");
            }
            if (Long.valueOf(0).equals(context.getRunAsUser())) {
                violations.add(name + "runAsUser 0");
            }
            if (!capabilities.getDrop().contains("ALL")) {
                violations.add(name + "drops not ALL");
            }
            SeccompProfile seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile() : podContext.getSeccompProfile();
            if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
                violations.add(name + "no RuntimeDefault or Localhost seccomp profile");
            }
        }
        return violations;
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    }

    private static boolean isUnconfined(SeccompProfile profile) {
        return profile != null && "Unconfined".equals(profile.getType());
    }

    private static boolean seLinuxAllowed(SELinuxOptions options) {
        return SELINUX_TYPES.contains(Objects.requireNonNullElse(options.getType(), ""))
                && Objects.requireNonNullElse(options.getUser(), "").isEmpty() && Objects.requireNonNullElse(options.getRole(), "").isEmpty();
    }

    /** The volume's source, named as in the Pod API (emptyDir, hostPath ...). */
    @SuppressWarnings("unchecked")
    private static String volumeType(Volume volume) {
        Map<String, Object> fields = ManifestFiles.YAML.convertValue(volume, Map.class);
        return fields.keySet().stream().filter(key -> !key.equals("name")).findFirst().orElse("none");
    }
}
