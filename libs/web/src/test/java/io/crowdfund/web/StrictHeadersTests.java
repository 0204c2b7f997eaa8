package io.crowdfund.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The firewall's header rule without a regular expression decides every code point as Spring Security's expression does. */
class StrictHeadersTests {

    /** Spring Security's own rule for header names and values and parameter names. */
    private static final Pattern SPRING_RULE = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Test
    void decidesEveryCodePointAsTheExpressionDoes() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String text = "a" + Character.toString(codePoint) + "z";
            assertThat(StrictHeaders.assignedWithoutControl(text)).as("U+%04X", codePoint).isEqualTo(SPRING_RULE.matcher(text).matches());
        }
    }

    @Test
    void decidesLoneSurrogatesAndEmptyTextAsTheExpressionDoes() {
        for (String text : new String[] {"", "\uD83D", "x\uDE00", "\uDE00\uD83D", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"}) {
            assertThat(StrictHeaders.assignedWithoutControl(text)).as(text).isEqualTo(SPRING_RULE.matcher(text).matches());
        }
    }

    @Test
    void rejectsAHeaderWithAControlCharacterWhenItIsRead() {
        StrictHttpFirewall firewall = StrictHeaders.firewall();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/pledges");
        request.addHeader("X-Note", "one\u0007two");
        request.addHeader("Authorization", "Bearer abc.def.ghi");

        var firewalled = firewall.getFirewalledRequest(request);

        assertThat(firewalled.getHeader("Authorization")).isEqualTo("Bearer abc.def.ghi");
        assertThatThrownBy(() -> firewalled.getHeader("X-Note")).isInstanceOf(RequestRejectedException.class);
    }
}
