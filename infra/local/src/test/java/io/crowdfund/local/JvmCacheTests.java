package io.crowdfund.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.crowdfund.local.JvmCache.Kind;

class JvmCacheTests {

    private static final String OPTIONS = "-Xms128m -Xmx768m -XX:+UseSerialGC";

    @TempDir
    Path target;

    @Test
    void aServicesReplicasShareOneCache() {
        Path jar = Path.of("/nowhere/replicated-service-exec.jar");
        assertThat(JvmCache.forJar(jar, "-Xmx768m -XX:+UseSerialGC -Dserver.port=8083"))
                .isSameAs(JvmCache.forJar(jar, "-Xmx768m -XX:+UseSerialGC -Dserver.port=8183"));
        assertThat(JvmCache.cacheOptions("-Xmx768m -Dserver.port=8183 -XX:+UseSerialGC")).isEqualTo("-Xmx768m -XX:+UseSerialGC");
    }

    @Test
    void theAotCacheFromJdk25AndCdsBefore() {
        assertThat(Kind.of(null, 25)).isEqualTo(Kind.AOT);
        assertThat(Kind.of("auto", 26)).isEqualTo(Kind.AOT);
        assertThat(Kind.of("", 21)).isEqualTo(Kind.CDS);
        assertThat(Kind.of("aot", 24)).isEqualTo(Kind.CDS);
        assertThat(Kind.of("CDS", 25)).isEqualTo(Kind.CDS);
        assertThat(Kind.of("off", 25)).isEqualTo(Kind.OFF);
        assertThatThrownBy(() -> Kind.of("sometimes", 25)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusalIsTheJvmSayingItDidNotMapTheCache() {
        // JDK 25's own lines: a cache made with other heap settings, and a CDS archive of another jar
        assertThat(JvmCache.refusal(List.of(
                "[0.053s][warning][aot] Unable to use AOT cache.",
                "[                    ] The saved state of UseCompressedOops and UseCompressedClassPointers is different from runtime, CDS will be disabled.",
                "[0.053s][error  ][aot] An error has occurred while processing the AOT cache. Run with -Xlog:aot for details.")))
                .hasValue("[0.053s][warning][aot] Unable to use AOT cache.");
        assertThat(JvmCache.refusal(List.of(
                "[0.122s][warning][cds] This file is not the one used while building the shared archive file: 'app.jar', timestamp has changed",
                "[0.122s][error  ][cds] shared class paths mismatch (hint: enable -Xlog:class+path=info to diagnose the failure)")))
                .hasValueSatisfying(line -> assertThat(line).contains("shared class paths mismatch"));
        assertThat(JvmCache.refusal(List.of("[0.034s][error][aot] Unable to map shared spaces"))).isPresent();
        assertThat(JvmCache.refusal(List.of("[0.2s][warning][cds,dynamic] Unable to use shared archive. The top archive failed to load: app.jsa")))
                .isPresent();
    }

    @Test
    void otherWarningsLeaveTheCacheInUse() {
        assertThat(JvmCache.refusal(List.of(
                "[0.412s][warning][aot,codecache,stubs] Stub blob for C2 runtime stubs is not found in AOT cache",
                "[1.2s][warning][aot] Skipping org/example/Proxy$1: Hidden class",
                "2026-12-06T20:02:38.596Z  INFO 21083 --- [wallet-service] [main] HikariPool-1 - Unable to use AOT cache. (an application's words)",
                "  .   ____          _            __ _ _"))).isEmpty();
    }

    @Test
    void aCacheIsUsableWhileJarJdkAndOptionsAreThoseItWasMadeFrom() throws IOException {
        Path jar = jar("the service, built once");
        JvmCache cache = new JvmCache(Kind.AOT, jar, OPTIONS);
        assertThat(cache.isUsable()).as("nothing made yet").isFalse();
        assertThat(cache.needsMaking()).isTrue();

        made(cache);
        assertThat(cache.isUsable()).isTrue();
        assertThat(cache.needsMaking()).isFalse();
        assertThat(cache.launchArguments()).containsExactly("-XX:AOTCache=" + cache.cacheFile(), "-jar", cache.extractedJar().toString());
        assertThat(cache.extractedJar().getFileName()).as("the load generator finds processes by their jar's name").isEqualTo(jar.getFileName());

        assertThat(new JvmCache(Kind.AOT, jar, OPTIONS + " -Xss512k").isUsable()).as("other JVM options").isFalse();
        assertThat(new JvmCache(Kind.CDS, jar, OPTIONS).isUsable()).as("another kind").isFalse();
    }

    @Test
    void aRebuiltJarMakesItStaleUnlessItsContentIsTheSame() throws IOException {
        Path jar = jar("the service, built once");
        JvmCache cache = new JvmCache(Kind.AOT, jar, OPTIONS);
        made(cache);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertThat(cache.isUsable()).as("the same bytes, built again").isTrue();
        assertThat(JvmCache.Key.fromProperties(properties(cache.keyFile())).jarModified())
                .as("the key takes the new time, so the jar is not hashed at every start").isEqualTo(Files.getLastModifiedTime(jar).toMillis());

        Files.writeString(jar, "the service, changed and built again");
        assertThat(cache.isUsable()).isFalse();
        assertThat(cache.launchArguments()).containsExactly("-jar", jar.toString());
    }

    @Test
    void aCacheOfAnotherJdkIsStale() throws IOException {
        Path jar = jar("the service");
        JvmCache cache = new JvmCache(Kind.AOT, jar, OPTIONS);
        made(cache);
        JvmCache.Key key = cache.currentKey(null);
        cache.writeKey(new JvmCache.Key(key.kind(), key.jarSha256(), key.jarSize(), key.jarModified(), key.javaHome(), "24.0.1+9", key.jvmOptions()));
        assertThat(cache.isUsable()).isFalse();
    }

    @Test
    void aRefusedCacheIsForgottenAndTheJarRunsAsItIs() throws IOException {
        Path jar = jar("the service");
        JvmCache cache = new JvmCache(Kind.AOT, jar, OPTIONS);
        made(cache);
        cache.forget();
        assertThat(cache.keyFile()).doesNotExist();
        assertThat(cache.extractedJar()).as("a running JVM still reads it").exists();
        assertThat(cache.needsMaking()).as("not again while this launcher runs").isFalse();
        assertThat(cache.launchArguments()).containsExactly("-jar", jar.toString());
        assertThat(new JvmCache(Kind.AOT, jar, OPTIONS).needsMaking()).as("the next launcher makes it again").isTrue();
    }

    @Test
    void aTrainingRunWritesTheCacheAndExitsOnceTheContextIsRefreshed() throws IOException {
        Path jar = jar("the service");
        JvmCache aot = new JvmCache(Kind.AOT, jar, OPTIONS);
        assertThat(aot.trainingArguments()).containsExactly("-XX:AOTCacheOutput=" + aot.cacheFile(), "-Xlog:aot*=error,cds*=error",
                "-Dspring.context.exit=onRefresh", "-jar", aot.extractedJar().toString());
        JvmCache cds = new JvmCache(Kind.CDS, jar, OPTIONS);
        assertThat(cds.trainingArguments()).as("JDK 21 refuses an unknown log tag such as aot")
                .containsExactly("-XX:ArchiveClassesAtExit=" + cds.cacheFile(), "-Xlog:cds*=error",
                        "-Dspring.context.exit=onRefresh", "-jar", cds.extractedJar().toString());
        assertThat(cds.cacheFile().getFileName()).hasToString("app.jsa");
    }

    @Test
    void anAotCacheIsMadeOnlyWhenTheJvmSaidItCompletedIt() throws IOException {
        Path jar = jar("the service");
        JvmCache cache = new JvmCache(Kind.AOT, jar, OPTIONS);
        Files.createDirectories(cache.directory());
        Files.writeString(cache.cacheFile(), "");
        assertThat(cache.made("AOTCache creation is complete: " + cache.cacheFile() + " 0 bytes")).as("empty").isFalse();
        Files.writeString(cache.cacheFile(), "cache");
        assertThat(cache.made("Temporary AOTConfiguration recorded: app.aot.config")).as("its assembly was cut short").isFalse();
        assertThat(cache.made("AOTCache creation is complete: " + cache.cacheFile() + " 119246848 bytes")).isTrue();
    }

    @Test
    void offRunsTheJarAsItIs() throws IOException {
        Path jar = jar("the service");
        JvmCache cache = new JvmCache(Kind.OFF, jar, OPTIONS);
        assertThat(cache.needsMaking()).isFalse();
        assertThat(cache.launchArguments()).containsExactly("-jar", jar.toString());
    }

    @Test
    void theHashIsSha256() throws IOException {
        assertThat(JvmCache.sha256(Files.writeString(target.resolve("abc"), "abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private Path jar(String content) throws IOException {
        return Files.writeString(target.resolve("wallet-service-exec.jar"), content);
    }

    /** What a training run leaves: the extracted jar, the cache file and the key. */
    private static void made(JvmCache cache) throws IOException {
        Files.createDirectories(cache.extractedJar().getParent());
        Files.writeString(cache.extractedJar(), "extracted");
        Files.writeString(cache.cacheFile(), "cache");
        cache.writeKey(cache.currentKey(null));
    }

    private static java.util.Properties properties(Path file) throws IOException {
        var properties = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }
}
