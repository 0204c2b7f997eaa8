package io.crowdfund.closure;

import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.ServiceStructure;

class ClosureStructureTests {

    @Test
    void keepsFeaturesAcyclicAndTheDomainFreeOfPlumbing() {
        ServiceStructure.verify("io.crowdfund.closure");
    }
}
