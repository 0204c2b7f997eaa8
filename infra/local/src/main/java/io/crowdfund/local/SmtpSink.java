package io.crowdfund.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** An SMTP server that accepts every mail and files each as an .eml file under the data directory. */
final class SmtpSink implements AutoCloseable {

    private final GreenMail greenMail;
    private final Path mailDir;
    private final ScheduledExecutorService filer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    private int filed;

    SmtpSink(Settings settings) throws IOException {
        mailDir = settings.dataDir().resolve("mail");
        Files.createDirectories(mailDir);
        filed = (int) Files.list(mailDir).count();
        greenMail = new GreenMail(new ServerSetup(settings.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        filer.scheduleWithFixedDelay(this::fileNewMail, 1, 1, TimeUnit.SECONDS);
    }

    Path mailDir() {
        return mailDir;
    }

    private synchronized void fileNewMail() {
        MimeMessage[] received = greenMail.getReceivedMessages();
        for (MimeMessage message : received) {
            try (OutputStream out = Files.newOutputStream(mailDir.resolve("%06d.eml".formatted(++filed)))) {
                message.writeTo(out);
            } catch (IOException | MessagingException e) {
                System.err.println("Could not file a received mail: " + e);
            }
        }
        if (received.length > 0) {
            try {
                greenMail.purgeEmailFromAllMailboxes();
            } catch (Exception e) {
                System.err.println("Could not purge filed mail: " + e);
            }
        }
    }

    @Override
    public void close() {
        filer.shutdown();
        fileNewMail();
        greenMail.stop();
    }
}
