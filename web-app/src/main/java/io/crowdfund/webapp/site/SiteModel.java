package io.crowdfund.webapp.site;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.crowdfund.webapp.account.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/** What every page's layout needs: who is signed in, and the CSRF header for htmx requests. */
@ControllerAdvice
class SiteModel {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ModelAttribute("me")
    SignedInUser me(@AuthenticationPrincipal SignedInUser me) {
        return me;
    }

    /**
     * {@code hx-headers} for the body: the CSRF token as a header on every htmx request. Only for
     * signed-in people, so an anonymous visit creates no session.
     */
    @ModelAttribute("htmxHeaders")
    String htmxHeaders(@AuthenticationPrincipal SignedInUser me, HttpServletRequest request) {
        if (me == null || !(request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf)) {
            return null;
        }
        return JSON.writeValueAsString(java.util.Map.of(csrf.getHeaderName(), csrf.getToken()));
    }
}
