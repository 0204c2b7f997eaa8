package io.crowdfund.webapp.services;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import io.crowdfund.webapp.WebAppProperties;

/**
 * Where the replicas of each service are, for Spring Cloud LoadBalancer: the gateway's routes
 * ({@code lb://wallet-service}) and the pages' clients spread their requests over them. Each
 * {@code *_SERVICE_URL} names one base URL (a Kubernetes Service, which balances itself) or several
 * separated by commas (the local stack's replicas), which the health-check configuration
 * ({@code LOAD_BALANCER=health-check}) asks every few seconds, so that a replica that died gets no
 * requests until it is back.
 */
@Configuration(proxyBeanMethods = false)
class ServiceReplicas {

    @Bean
    DiscoveryClient serviceReplicasDiscoveryClient(WebAppProperties properties) {
        return new Replicas(instances(properties.services().byServiceId()));
    }

    /** What the load balancer's health checks ask a replica with (the pages' clients are built per service). */
    @Bean
    RestClient loadBalancerHealthChecks(RestClient.Builder builder) {
        return builder.build();
    }

    static Map<String, List<ServiceInstance>> instances(Map<String, List<URI>> baseUrls) {
        Map<String, List<ServiceInstance>> instances = new LinkedHashMap<>();
        baseUrls.forEach((serviceId, urls) -> {
            List<ServiceInstance> replicas = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                URI url = urls.get(i);
                boolean secure = "https".equalsIgnoreCase(url.getScheme());
                int port = url.getPort() != -1 ? url.getPort() : secure ? 443 : 80;
                replicas.add(new DefaultServiceInstance(serviceId + "-" + (i + 1), serviceId, url.getHost(), port, secure));
            }
            instances.put(serviceId, List.copyOf(replicas));
        });
        return Map.copyOf(instances);
    }

    private record Replicas(Map<String, List<ServiceInstance>> instances) implements DiscoveryClient {

        @Override
        public String description() {
            return "the replicas of WALLET_SERVICE_URL, CAMPAIGN_SERVICE_URL, ...";
        }

        @Override
        public List<ServiceInstance> getInstances(String serviceId) {
            return instances.getOrDefault(serviceId, List.of());
        }

        @Override
        public List<String> getServices() {
            return List.copyOf(instances.keySet());
        }
    }
}
