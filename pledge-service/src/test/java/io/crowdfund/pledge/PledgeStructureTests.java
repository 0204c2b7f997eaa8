package io.crowdfund.pledge;

import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.ServiceStructure;

class PledgeStructureTests {

    @Test
    void keepsFeaturesAcyclicAndTheDomainFreeOfPlumbing() {
        ServiceStructure.verify("io.crowdfund.pledge");
    }
}
