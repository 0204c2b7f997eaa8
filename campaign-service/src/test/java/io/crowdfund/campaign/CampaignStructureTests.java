package io.crowdfund.campaign;

import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.ServiceStructure;

class CampaignStructureTests {

    @Test
    void keepsFeaturesAcyclicAndTheDomainFreeOfPlumbing() {
        ServiceStructure.verify("io.crowdfund.campaign");
    }
}
