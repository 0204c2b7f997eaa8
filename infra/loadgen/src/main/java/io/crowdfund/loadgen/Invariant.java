package io.crowdfund.loadgen;

/** A property that must hold after the rush has drained, whether it did, and what was found. */
record Invariant(String name, boolean holds, String found) {
}
