package io.crowdfund.notification.mail;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * Renders an email from its Mustache templates under {@code mail/}: the subject and the plain text
 * unescaped, the HTML with every value HTML-escaped (a campaign title is the owner's own text, but
 * a backer's or another owner's never reaches the markup unescaped).
 */
@Component
class MailTemplates {

    record Rendered(String subject, String text, String html) {
    }

    private final Mustache.Compiler text = Mustache.compiler().escapeHTML(false).withLoader(MailTemplates::source);
    private final Mustache.Compiler html = Mustache.compiler().escapeHTML(true).withLoader(MailTemplates::source);
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    Rendered render(MailKind kind, Map<String, Object> values) {
        Template subject = compiled.computeIfAbsent(kind + ".subject", key -> text.compile(kind.subject()));
        Template plain = compiled.computeIfAbsent(kind + ".txt", key -> text.compile(source(kind.template() + ".txt")));
        Template markup = compiled.computeIfAbsent(kind + ".html", key -> html.compile(source(kind.template() + ".html")));
        return new Rendered(subject.execute(values).strip(), plain.execute(values), markup.execute(values));
    }

    private static Reader source(String name) {
        try {
            return new InputStreamReader(new ClassPathResource("mail/" + name + ".mustache").getInputStream(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("no mail template " + name, e);
        }
    }
}
