package io.crowdfund.loadgen;

/** Something pledges are fired at: the platform over its public API, or the seed-design baseline over JDBC. */
interface PledgeTarget {

    /** Makes one pledge by the given backer, to the limited tier or the unlimited one, and waits until it is final. */
    Outcome pledge(int backer, boolean limitedTier);
}
