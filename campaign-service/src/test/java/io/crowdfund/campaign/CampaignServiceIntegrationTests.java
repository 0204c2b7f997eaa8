package io.crowdfund.campaign;

import io.crowdfund.testsupport.ServiceBaselineTests;

class CampaignServiceIntegrationTests extends ServiceBaselineTests {
}
