package io.crowdfund.notification;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.crowdfund.testsupport.BadInputProbe;
import io.crowdfund.testsupport.IntegrationTest;

/** Malformed input to every operation of notification-service's OpenAPI document: each a 4xx problem, nothing written. */
@IntegrationTest
class NotificationBadInputTests {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void refusesEveryMalformedRequestWithAProblemAndWritesNothing() {
        BadInputProbe.against(port, dataSource).ignoringTables("messaging.inbox").run().assertAllRefusedWritingNothing();
    }
}
