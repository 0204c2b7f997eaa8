package io.crowdfund.wallet;

import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.ServiceStructure;

class WalletStructureTests {

    @Test
    void keepsFeaturesAcyclicAndTheDomainFreeOfPlumbing() {
        ServiceStructure.verify("io.crowdfund.wallet");
    }
}
