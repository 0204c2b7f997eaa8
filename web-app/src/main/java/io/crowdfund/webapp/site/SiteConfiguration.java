package io.crowdfund.webapp.site;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SiteConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
