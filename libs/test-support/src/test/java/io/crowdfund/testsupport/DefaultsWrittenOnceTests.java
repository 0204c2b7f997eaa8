package io.crowdfund.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

class DefaultsWrittenOnceTests {

    @ConfigurationProperties("sample")
    record SampleProperties(@DefaultValue("1s") Duration scanInterval, @DefaultValue("5") int batchSize, Duration timeout,
            @DefaultValue Nested nested) {

        record Nested(@DefaultValue("10") int maxOpen) {
        }
    }

    @Configuration
    @EnableConfigurationProperties(SampleProperties.class)
    static class Sample {
    }

    /** A file named as Spring Boot names the process's own application.yml, holding the given settings. */
    private static ApplicationContextRunner withFile(String name, Map<String, Object> settings) {
        return new ApplicationContextRunner().withUserConfiguration(Sample.class)
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(new MapPropertySource(name, settings)));
    }

    @Test
    void namesTheDefaultsThatARecordAndTheApplicationFileOrALibrarysDefaultsBothWrite() {
        String applicationYml = "Config resource 'class path resource [application.yml]' via location 'optional:classpath:/'";
        withFile(applicationYml, Map.of("sample.scan-interval", "${SCAN_INTERVAL:1s}", "sample.timeout", "${TIMEOUT:5s}",
                "sample.nested.max-open", "${MAX_OPEN:10}")).run(context -> assertThat(
                        DefaultsWrittenOnce.writtenTwice(context.getSourceApplicationContext())).containsExactly(
                                "sample.nested.max-open: record 10, " + applicationYml + " ${MAX_OPEN:10}",
                                "sample.scan-interval: record 1s, " + applicationYml + " ${SCAN_INTERVAL:1s}"));
        withFile("crowdfundWebDefaults", Map.of("sample.batch-size", "${BATCH_SIZE:5}")).run(context -> assertThat(
                DefaultsWrittenOnce.writtenTwice(context.getSourceApplicationContext())).containsExactly(
                        "sample.batch-size: record 5, crowdfundWebDefaults ${BATCH_SIZE:5}"));
    }

    @Test
    void leavesAloneWhatATestsOwnFileOrAnyOtherSourceSets() {
        withFile("Config resource 'class path resource [config/application.yml]' via location 'optional:classpath:/config/'",
                Map.of("sample.scan-interval", "100ms")).run(context -> assertThat(
                        DefaultsWrittenOnce.writtenTwice(context.getSourceApplicationContext())).isEmpty());
        withFile("test", Map.of("sample.batch-size", "2")).run(context -> assertThat(
                DefaultsWrittenOnce.writtenTwice(context.getSourceApplicationContext())).isEmpty());
    }
}
