package io.crowdfund.pledge;

import io.crowdfund.testsupport.ServiceBaselineTests;

class PledgeServiceIntegrationTests extends ServiceBaselineTests {
}
