package io.crowdfund.web;

import java.util.Enumeration;
import java.util.Map;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a request whose path variables, query parameters or headers hold a control character
 * (see {@link ControlCharacters}) with a 400 problem naming the field, before any controller reads
 * them, so that none reaches the database.
 */
class PlainTextRequests implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() == DispatcherType.ERROR) { // the error page answers what was already refused
            return true;
        }
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            variables.forEach((name, value) -> requireLine(String.valueOf(name), String.valueOf(value), false));
        }
        request.getParameterMap().forEach((name, values) -> {
            requireLine("query", name, false);
            for (String value : values) {
                requireLine(name, value, false);
            }
        });
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements();) {
                requireLine(name, values.nextElement(), true);
            }
        }
        return true;
    }

    private static void requireLine(String field, String value, boolean tabAllowed) {
        if (value != null && ControlCharacters.inLine(value, tabAllowed)) {
            throw new InvalidField(field, ControlCharacters.MESSAGE);
        }
    }
}
