package io.crowdfund.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A client checks what it receives against the service's document, and only when the switch is on. */
class HttpTestClientTests {

    private static final String CAMPAIGN_WITH_SECRET = """
            {"id": "6f1c3c1e-9a55-4b8e-8d7e-1d2f3a4b5c6d", "title": "Kiosk", "status": "ACTIVE", "ownerEmail": "owner@example.com"}""";

    private HttpServer service;
    private String switchBefore;

    @BeforeEach
    void startService() throws IOException {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/v3/api-docs", exchange -> answer(exchange, 200, ApiContractTests.sampleDocument()));
        service.createContext("/campaigns/", exchange -> answer(exchange, 200, CAMPAIGN_WITH_SECRET));
        service.createContext("/elsewhere", exchange -> answer(exchange, 200, "{}"));
        service.start();
        switchBefore = System.getProperty(ApiContract.SWITCH);
    }

    @AfterEach
    void stopService() {
        service.stop(0);
        if (switchBefore == null) {
            System.clearProperty(ApiContract.SWITCH);
        } else {
            System.setProperty(ApiContract.SWITCH, switchBefore);
        }
    }

    @Test
    void failsOnAResponseItsDocumentDoesNotDescribeWhenCheckingIsOn() {
        System.setProperty(ApiContract.SWITCH, "true");

        assertThatThrownBy(() -> client().get("/campaigns/42", null))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /campaigns/{id} 200: body /ownerEmail: undocumented field")
                .hasMessageContaining("GET /campaigns/42")
                .hasMessageContaining("owner@example.com");
        assertThat(client().get("/elsewhere", null).status()).as("not an operation of the document").isEqualTo(200);
        assertThat(client().describedBy(null).get("/campaigns/42", null).status()).as("described by no document").isEqualTo(200);
    }

    @Test
    void takesWhatItReceivesWhenCheckingIsOff() {
        System.setProperty(ApiContract.SWITCH, "false");

        assertThat(client().get("/campaigns/42", null).json().get("ownerEmail").asString()).isEqualTo("owner@example.com");
    }

    private HttpTestClient client() {
        return HttpTestClient.local(service.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
