package io.crowdfund.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTests {

    @TempDir
    Path data;

    @Test
    void aRecordedChildStillRunningIsStopped() throws Exception {
        Path config = Files.writeString(data.resolve("server.properties"), "");
        // a stand-in child whose command line names its configuration, as the broker's does
        Process child = new ProcessBuilder("sh", "-c", "while :; do sleep 1; done", config.toString()).start();
        try {
            Path pidFile = data.resolve("broker.pid");
            Leftovers.record(pidFile, child);
            // until the child has exec'd java, its command line is the spawn helper's
            await().atMost(Duration.ofSeconds(10)).until(() -> Leftovers.find(pidFile, config.toString()).isPresent());

            assertThat(Leftovers.find(pidFile, "another.properties")).as("someone else's process under that pid").isEmpty();
            assertThat(Leftovers.stop(pidFile, config.toString(), 10)).isTrue();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Leftovers.stop(pidFile, config.toString(), 10)).as("gone now").isFalse();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void everythingAnEarlierLauncherLeftIsStopped() throws Exception {
        // stand-ins whose command lines name what the real ones' do: the service's jar, the data directory
        Process service = new ProcessBuilder("sh", "-c", "while :; do sleep 1; done", "/tree/wallet-service/target/wallet-service-exec.jar").start();
        Process postmaster = new ProcessBuilder("sh", "-c", "while :; do sleep 1; done", "-D", data.resolve("postgres").toString()).start();
        try {
            Leftovers.record(data.resolve("logs/wallet-service.pid"), service);
            Files.createDirectories(data.resolve("postgres"));
            Files.writeString(data.resolve("postgres/postmaster.pid"), postmaster.pid() + "\n" + data.resolve("postgres") + "\n1765000000\n25432\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> Leftovers.find(data.resolve("logs/wallet-service.pid"), "wallet-service").isPresent()
                    && Leftovers.find(data.resolve("postgres/postmaster.pid"), data.resolve("postgres").toString()).isPresent());

            Leftovers.stopAll(data);

            assertThat(service.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(postmaster.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            service.destroyForcibly();
            postmaster.destroyForcibly();
        }
    }

    @Test
    void noPidFileNothingToStop() throws InterruptedException {
        assertThat(Leftovers.stop(data.resolve("none.pid"), "x", 1)).isFalse();
    }

    @Test
    void aPortSomeoneListensOnIsNotFree() throws IOException {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThat(Leftovers.portFree(socket.getLocalPort())).isFalse();
            int port = socket.getLocalPort();
            socket.close();
            assertThat(Leftovers.portFree(port)).isTrue();
        }
    }
}
