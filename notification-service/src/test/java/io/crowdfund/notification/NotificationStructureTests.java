package io.crowdfund.notification;

import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.ServiceStructure;

class NotificationStructureTests {

    @Test
    void keepsFeaturesAcyclicAndTheDomainFreeOfPlumbing() {
        ServiceStructure.verify("io.crowdfund.notification");
    }
}
