package io.crowdfund.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartUpTests {

    @TempDir
    Path directory;

    @Test
    void readsAFieldOfAProcFile() throws IOException {
        Path status = Files.writeString(directory.resolve("status"), "Name:\tjava\nVmHWM:\t  412340 kB\nVmRSS:\t  398100 kB\n");
        assertThat(StartUp.field(status, "VmRSS:")).isEqualTo(398100);
        assertThat(StartUp.field(status, "Pss:")).isEqualTo(-1);
        assertThat(StartUp.field(directory.resolve("gone"), "VmRSS:")).isEqualTo(-1);
    }

    @Test
    void measuresLiveProcesses() {
        long self = ProcessHandle.current().pid();
        assertThat(StartUp.rss(self)).isPositive();
        assertThat(StartUp.postgresPss(self)).as("a process and its descendants' Pss").isPositive().isLessThanOrEqualTo(StartUp.rss(self) * 2);
        assertThat(StartUp.rss(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void aBackgroundStepsFailureReachesItsWaiter() {
        var failing = StartUp.inBackground("test", () -> {
            throw new IllegalStateException("port 9093 is taken");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StartUp.await(failing)).hasMessage("port 9093 is taken");
    }
}
