package io.crowdfund.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuUsageTests {

    @Test
    void givesABackendToItsDatabase() {
        assertThat(CpuUsage.postgresPart("postgres: crowdfund wallet 127.0.0.1(43162) idle")).isEqualTo("postgresql: wallet");
        assertThat(CpuUsage.postgresPart("postgres: crowdfund pledge [local] COMMIT")).isEqualTo("postgresql: pledge");
        assertThat(CpuUsage.postgresPart("postgres: crowdfund campaign 127.0.0.1(50001) idle in transaction")).isEqualTo("postgresql: campaign");
    }

    @Test
    void givesWhatServesEveryDatabaseToTheServer() {
        assertThat(CpuUsage.postgresPart("postgres: walwriter ")).isEqualTo("postgresql: server");
        assertThat(CpuUsage.postgresPart("postgres: checkpointer ")).isEqualTo("postgresql: server");
        assertThat(CpuUsage.postgresPart("postgres: autovacuum worker wallet")).isEqualTo("postgresql: server");
        assertThat(CpuUsage.postgresPart("/tmp/embedded-pg/bin/postgres -D /data -p 54320")).isEqualTo("postgresql: server");
    }
}
