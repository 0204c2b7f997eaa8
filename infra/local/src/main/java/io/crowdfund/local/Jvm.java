package io.crowdfund.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Child JVMs run with the launcher's own JDK. */
final class Jvm {

    private Jvm() {
    }

    /** A process of this JDK's {@code java} with the given arguments (JVM options, then what to run). */
    static ProcessBuilder process(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        return new ProcessBuilder(command);
    }
}
