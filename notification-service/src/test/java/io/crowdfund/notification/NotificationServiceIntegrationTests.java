package io.crowdfund.notification;

import io.crowdfund.testsupport.ServiceBaselineTests;

class NotificationServiceIntegrationTests extends ServiceBaselineTests {
}
