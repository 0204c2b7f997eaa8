package io.crowdfund.messaging;

import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * New row and message identifiers: time-ordered UUIDs (version 7), increasing within a process. A
 * B-tree index on them grows at its right edge, like one on a sequence, instead of touching a random
 * page per insert (which after each checkpoint also costs a full page image in the WAL). They are
 * as unique as random UUIDs across processes; what they reveal is their creation time.
 */
public final class Ids {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    /** A new time-ordered identifier. */
    public static UUID next() {
        return GENERATOR.generate();
    }
}
