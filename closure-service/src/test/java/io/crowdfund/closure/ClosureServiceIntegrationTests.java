package io.crowdfund.closure;

import io.crowdfund.testsupport.ServiceBaselineTests;

class ClosureServiceIntegrationTests extends ServiceBaselineTests {
}
