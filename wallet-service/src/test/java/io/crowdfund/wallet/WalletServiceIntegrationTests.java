package io.crowdfund.wallet;

import io.crowdfund.testsupport.ServiceBaselineTests;

class WalletServiceIntegrationTests extends ServiceBaselineTests {
}
