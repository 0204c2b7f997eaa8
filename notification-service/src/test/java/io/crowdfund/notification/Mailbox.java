package io.crowdfund.notification;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** A real SMTP server on 127.0.0.1 (GreenMail) and what reached each address, as text and HTML. */
final class Mailbox implements AutoCloseable {

    record Mail(String subject, String text, String html) {
    }

    private final GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    Mailbox() {
        server.start();
    }

    int port() {
        return server.getSmtp().getPort();
    }

    List<Mail> to(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(message -> addressedTo(message, address)).map(Mailbox::read).toList();
    }

    private static boolean addressedTo(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(recipient -> recipient.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mail read(MimeMessage message) {
        try {
            return new Mail(message.getSubject(), part(message, "text/plain"), part(message, "text/html"));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first part of the given type, searched depth first. */
    private static String part(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type)) {
            return part.getContent().toString();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop();
    }
}
