package io.crowdfund.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service's start-up cache: its executable jar extracted (the class-path layout the JVM can cache
 * classes from) and, made by a training run that exits once the Spring context is refreshed, an AOT
 * cache (JDK 25 and later: loaded and linked classes, method profiles) or else a dynamic CDS archive
 * (JDK 21 to 24: parsed classes). Kept next to the jar, in {@code target/jvm-cache/}, and made again
 * when the jar, the JDK or the JVM options change (see {@link Key}). LOCAL_JVM_CACHE chooses: {@code
 * auto} (the default), {@code aot}, {@code cds} or {@code off}.
 */
final class JvmCache {

    /** What a cache holds, and the JVM options that write and read it. */
    enum Kind {
        AOT("-XX:AOTCacheOutput=", "-XX:AOTCache=", "app.aot"),
        CDS("-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", "app.jsa"),
        OFF(null, null, null);

        private final String writeOption;
        private final String readOption;
        private final String fileName;

        Kind(String writeOption, String readOption, String fileName) {
            this.writeOption = writeOption;
            this.readOption = readOption;
            this.fileName = fileName;
        }

        /**
         * The kind a setting asks for on a JDK of this feature version: {@code auto} is the AOT cache
         * from JDK 25 (one-step training, JEP 514), CDS before; an AOT cache asked of an older JDK is CDS.
         */
        static Kind of(String setting, int jdkFeature) {
            String value = setting == null || setting.isBlank() ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "off", "false", "none" -> OFF;
                case "cds" -> CDS;
                case "aot", "auto" -> jdkFeature >= 25 ? AOT : CDS;
                default -> throw new IllegalArgumentException("LOCAL_JVM_CACHE must be auto, aot, cds or off, not " + setting);
            };
        }
    }

    /**
     * What a cache was made from: the jar's content, the JDK (an AOT cache or CDS archive is refused by
     * any other build of the JVM) and the options it ran with (some, such as the collector or the heap
     * size, decide the layout of archived objects). The jar's size and time are kept to skip hashing it
     * again while they are unchanged.
     */
    record Key(Kind kind, String jarSha256, long jarSize, long jarModified, String javaHome, String vmVersion, String jvmOptions) {

        /** Whether a cache made from {@code made} fits this start: everything but the jar's size and time equal. */
        boolean fits(Key made) {
            return made != null && kind == made.kind && jarSha256.equals(made.jarSha256) && javaHome.equals(made.javaHome)
                    && vmVersion.equals(made.vmVersion) && jvmOptions.equals(made.jvmOptions);
        }

        Properties toProperties() {
            var properties = new Properties();
            properties.setProperty("kind", kind.name());
            properties.setProperty("jar.sha256", jarSha256);
            properties.setProperty("jar.size", Long.toString(jarSize));
            properties.setProperty("jar.modified", Long.toString(jarModified));
            properties.setProperty("java.home", javaHome);
            properties.setProperty("java.vm.version", vmVersion);
            properties.setProperty("jvm.options", jvmOptions);
            return properties;
        }

        /** The key written by an earlier start, or null if none (or an unreadable one). */
        static Key fromProperties(Properties properties) {
            try {
                return new Key(Kind.valueOf(properties.getProperty("kind")), properties.getProperty("jar.sha256"),
                        Long.parseLong(properties.getProperty("jar.size")), Long.parseLong(properties.getProperty("jar.modified")),
                        properties.getProperty("java.home"), properties.getProperty("java.vm.version"), properties.getProperty("jvm.options"));
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private final Kind kind;
    private final Path jar;
    private final Path directory;
    private final String jvmOptions;
    /** Set once a training run failed or the JVM refused the cache: this launcher then runs the jar as it is. */
    private volatile boolean givenUp;

    JvmCache(Kind kind, Path jar, String jvmOptions) {
        this.kind = kind;
        this.jar = jar;
        this.directory = jar.resolveSibling("jvm-cache");
        this.jvmOptions = cacheOptions(jvmOptions);
    }

    /** The options a cache depends on: all but the replica's port (-Dserver.port), so a service's replicas share one. */
    static String cacheOptions(String jvmOptions) {
        return jvmOptions.replaceAll("(^|\\s)-Dserver\\.port=\\d+", " ").strip().replaceAll("\\s+", " ");
    }

    private static final Map<Path, JvmCache> BY_JAR = new ConcurrentHashMap<>();

    /**
     * The cache of this launcher's JDK and LOCAL_JVM_CACHE setting for a jar run with these options;
     * processes of one jar (replicas) share it, and only the first to find it missing makes it.
     */
    static JvmCache forJar(Path jar, String jvmOptions) {
        Kind kind = Kind.of(System.getenv("LOCAL_JVM_CACHE"), Runtime.version().feature());
        return BY_JAR.compute(jar, (path, known) -> known != null && known.jvmOptions.equals(cacheOptions(jvmOptions)) ? known
                : new JvmCache(kind, path, jvmOptions));
    }

    Kind kind() {
        return kind;
    }

    Path directory() {
        return directory;
    }

    /** The extracted application jar, with its libraries beside it under lib/. */
    Path extractedJar() {
        return directory.resolve("app").resolve(jar.getFileName());
    }

    Path cacheFile() {
        return directory.resolve(kind.fileName);
    }

    /** Whether a training run is to make the cache before the jar runs: on, not given up, and missing or stale. */
    synchronized boolean needsMaking() throws IOException {
        return kind != Kind.OFF && !givenUp && !isUsable();
    }

    /** Whether a cache made for this jar, JDK and options is there to be used. */
    synchronized boolean isUsable() throws IOException {
        if (kind == Kind.OFF || givenUp) {
            return false;
        }
        Key made = readKey();
        if (made == null || !Files.exists(cacheFile()) || !Files.exists(extractedJar())) {
            return false;
        }
        Key current = currentKey(made);
        if (!current.fits(made)) {
            return false;
        }
        if (current.jarSize() != made.jarSize() || current.jarModified() != made.jarModified()) {
            writeKey(current); // the same content rebuilt: hashed once, not at every start
        }
        return true;
    }

    /** The arguments after the JVM options that run the jar: from the cache when it is usable, the jar itself otherwise. */
    synchronized List<String> launchArguments() throws IOException {
        if (!isUsable()) {
            return List.of("-jar", jar.toString());
        }
        return List.of(kind.readOption + cacheFile(), "-jar", extractedJar().toString());
    }

    /**
     * Makes the cache: extracts the jar afresh, then runs it once as {@code train} starts it (the
     * service's JVM options and environment) with the cache's output option and
     * {@code spring.context.exit=onRefresh}, so that it exits once its beans exist, before it listens
     * or consumes. Writes the key last: a cache without one is made again.
     *
     * @param train starts a JVM with the given arguments (after the JVM options), its output to the given file, and returns it
     * @return whether the cache was made
     */
    synchronized boolean makeIfMissing(BiFunction<List<String>, Path, Process> train) throws IOException, InterruptedException {
        if (kind == Kind.OFF || givenUp) {
            return false;
        }
        if (isUsable()) {
            return true;
        }
        givenUp = true;
        Key current = currentKey(readKey());
        deleteRecursively(directory);
        Files.createDirectories(directory);
        Process extract = Jvm.process(List.of("-Djarmode=tools", "-jar", jar.toString(), "extract",
                        "--destination", directory.resolve("app").toString()))
                .redirectErrorStream(true).redirectOutput(directory.resolve("extract.log").toFile()).start();
        if (extract.waitFor() != 0 || !Files.exists(extractedJar())) {
            return false;
        }
        Process training = train.apply(trainingArguments(), trainingLog());
        if (training.waitFor() != 0 || !made(Files.readString(trainingLog()))) {
            return false;
        }
        writeKey(current);
        givenUp = false;
        return true;
    }

    /**
     * Forgets the cache after the JVM refused it, so that the next start makes it again: only its key
     * goes, as a running JVM still reads the extracted jars.
     */
    synchronized void forget() throws IOException {
        givenUp = true;
        Files.deleteIfExists(keyFile());
    }

    /**
     * The JVM's line refusing a cache, if the lines (a process's first output) hold one. Only these
     * count: the {@code [aot]} or {@code [cds]} (or {@code [cds,dynamic]}) warnings and errors that say
     * the cache or archive was not mapped. Warnings of other tag sets, such as
     * {@code [warning][aot,codecache,stubs]}, leave the cache in use.
     */
    static Optional<String> refusal(List<String> lines) {
        return lines.stream().filter(line -> REFUSAL.matcher(line).find()).findFirst();
    }

    private static final Pattern REFUSAL = Pattern.compile(
            "^\\[[^\\]]*\\]\\[(warning|error)\\s*\\]\\[(aot|cds|cds,dynamic)\\s*\\] .*("
                    + "Unable to use (AOT cache|shared archive)|An error has occurred while processing the (AOT cache|shared archive)"
                    + "|Unable to map shared spaces|Loading (static|dynamic) archive failed|shared class paths mismatch)");

    /** This jar's, JDK's and options' key; the jar is hashed only when its size or time differ from the last key's. */
    Key currentKey(Key made) throws IOException {
        long size = Files.size(jar);
        long modified = Files.getLastModifiedTime(jar).toMillis();
        String sha256 = made != null && made.jarSize() == size && made.jarModified() == modified ? made.jarSha256() : sha256(jar);
        return new Key(kind, sha256, size, modified, System.getProperty("java.home"), System.getProperty("java.vm.version"), jvmOptions);
    }

    /** The training run's arguments after the JVM options: write the cache, exit once the context is refreshed. */
    List<String> trainingArguments() {
        List<String> arguments = new ArrayList<>();
        arguments.add(kind.writeOption + cacheFile());
        // the training run's own notes (classes it skips: proxies, signed jars) are not worth reading; JDK 21 has no aot tag
        arguments.add(kind == Kind.AOT ? "-Xlog:aot*=error,cds*=error" : "-Xlog:cds*=error");
        arguments.add("-Dspring.context.exit=onRefresh");
        arguments.addAll(List.of("-jar", extractedJar().toString()));
        return arguments;
    }

    /** The training run's output. */
    Path trainingLog() {
        return directory.resolve("training.log");
    }

    /**
     * Whether a training run that exited normally left a whole cache: not empty (the file exists from
     * the start of its writing) and, for an AOT cache, the JVM said it completed it (it is written by a
     * second JVM that the training run starts as it exits).
     */
    boolean made(String trainingOutput) throws IOException {
        return Files.exists(cacheFile()) && Files.size(cacheFile()) > 0
                && (kind != Kind.AOT || trainingOutput.contains("AOTCache creation is complete: " + cacheFile()));
    }

    Path keyFile() {
        return directory.resolve("key.properties");
    }

    private Key readKey() throws IOException {
        Path file = keyFile();
        if (!Files.exists(file)) {
            return null;
        }
        var properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return Key.fromProperties(properties);
    }

    void writeKey(Key made) throws IOException {
        try (var out = Files.newOutputStream(keyFile())) {
            made.toProperties().store(out, "what " + kind.fileName + " was made from (infra/local JvmCache)");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
