package io.crowdfund.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The service's mail settings (its application.yml, through Spring Boot's mail auto-configuration) against a real SMTP
 * server that does not offer STARTTLS (GreenMail): the local sink's plain SMTP works by default; with
 * SMTP_STARTTLS_REQUIRED (production) such a server gets nothing, rather than mail in clear.
 */
class SmtpTransportTests {

    private final Mailbox mailbox = new Mailbox();
    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
            .withPropertyValues("SMTP_HOST=127.0.0.1", "SMTP_PORT=" + mailbox.port());

    @AfterEach
    void stopServer() {
        mailbox.close();
    }

    @Test
    void sendsOverPlainSmtpByDefault() {
        service.run(context -> context.getBean(JavaMailSender.class).send(mail()));
        assertThat(mailbox.to("owner@example.org")).extracting(Mailbox.Mail::subject).containsExactly("A pledge");
    }

    @Test
    void sendsNothingToAServerWithoutStarttlsWhereStarttlsIsRequired() {
        service.withPropertyValues("SMTP_STARTTLS=true", "SMTP_STARTTLS_REQUIRED=true").run(context ->
                assertThatThrownBy(() -> context.getBean(JavaMailSender.class).send(mail())).isInstanceOf(MailSendException.class)
                        .rootCause().hasMessageContaining("STARTTLS is required"));
        assertThat(mailbox.to("owner@example.org")).isEmpty();
    }

    private static SimpleMailMessage mail() {
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom("notifications@crowdfund.example");
        mail.setTo("owner@example.org");
        mail.setSubject("A pledge");
        mail.setText("Someone pledged.");
        return mail;
    }
}
