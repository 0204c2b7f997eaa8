package io.crowdfund.wallet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import io.crowdfund.web.EndpointAuthorization;

/** Registration, login and the JWKS are public; reconciliation is for operators; everything else needs a user's token. */
@Configuration(proxyBeanMethods = false)
class WalletSecurity {

    @Bean
    EndpointAuthorization walletEndpoints() {
        return requests -> requests
                .requestMatchers(HttpMethod.POST, "/users", "/auth/token").permitAll()
                .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json").permitAll()
                .requestMatchers("/wallets/reconciliation").hasRole("OPERATOR");
    }
}
