package io.crowdfund.web;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A generated development key kept in a file readable by this user only, written once: of the
 * replicas that start at once without one, the first writer's key is everyone's.
 */
public final class DevelopmentKeyFile {

    private DevelopmentKeyFile() {
    }

    /** Writes {@code content} into {@code file} unless a file is there already; returns what the file holds. */
    public static String writeOnce(Path file, String content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions; the directory's protection applies
            }
            Files.writeString(temporary, content);
            // a hard link is made only where no file is: the first writer's key wins
            Files.createLink(file, temporary);
            return content;
        } catch (FileAlreadyExistsException anotherProcessWroteOne) {
            return Files.readString(file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
