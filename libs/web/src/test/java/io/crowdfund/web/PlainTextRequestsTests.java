package io.crowdfund.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

class PlainTextRequestsTests {

    private final PlainTextRequests rules = new PlainTextRequests();

    @Test
    void refusesAControlCharacterInAHeaderNamingIt() {
        var request = new MockHttpServletRequest("POST", "/pledges");
        request.addHeader("Idempotency-Key", "key\u0000");
        assertThatThrownBy(() -> rules.preHandle(request, new MockHttpServletResponse(), new Object()))
                .isInstanceOfSatisfying(InvalidField.class, invalid -> assertThat(invalid.field()).isEqualTo("Idempotency-Key"));
    }

    @Test
    void refusesAControlCharacterInAPathVariableOrAParameterNameNamingIt() {
        var request = new MockHttpServletRequest("GET", "/campaigns/x");
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("id", "a\nb"));
        assertThatThrownBy(() -> rules.preHandle(request, new MockHttpServletResponse(), new Object()))
                .isInstanceOfSatisfying(InvalidField.class, invalid -> assertThat(invalid.field()).isEqualTo("id"));
        var parameter = new MockHttpServletRequest("GET", "/campaigns");
        parameter.addParameter("cat\u0000egory", "x");
        assertThatThrownBy(() -> rules.preHandle(parameter, new MockHttpServletResponse(), new Object()))
                .isInstanceOfSatisfying(InvalidField.class, invalid -> assertThat(invalid.field()).isEqualTo("query"));
    }

    @Test
    void letsPlainTextAndTabsInHeadersPass() throws Exception {
        var request = new MockHttpServletRequest("GET", "/campaigns");
        request.addHeader("User-Agent", "probe\t1.0");
        request.addParameter("category", "créatif ✓");
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("id", "0b4f"));
        assertThat(rules.preHandle(request, new MockHttpServletResponse(), new Object())).isTrue();
    }
}
