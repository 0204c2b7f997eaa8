package io.crowdfund.webapp.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.ServiceInstance;

class ServiceReplicasTests {

    @Test
    void eachBaseUrlOfAServiceIsOneOfItsReplicas() {
        Map<String, List<URI>> urls = new LinkedHashMap<>();
        urls.put("wallet-service", List.of(URI.create("http://localhost:8083"), URI.create("http://localhost:8183")));
        urls.put("campaign-service", List.of(URI.create("http://campaign-service")));
        urls.put("closure-service", List.of(URI.create("https://closure.example")));

        Map<String, List<ServiceInstance>> instances = ServiceReplicas.instances(urls);

        assertThat(instances.get("wallet-service")).extracting(ServiceInstance::getUri)
                .containsExactly(URI.create("http://localhost:8083"), URI.create("http://localhost:8183"));
        assertThat(instances.get("wallet-service")).extracting(ServiceInstance::getInstanceId).containsExactly("wallet-service-1", "wallet-service-2");
        assertThat(instances.get("campaign-service")).singleElement().extracting(ServiceInstance::getUri)
                .as("a Kubernetes Service's name, its port 80").isEqualTo(URI.create("http://campaign-service:80"));
        assertThat(instances.get("closure-service")).singleElement().satisfies(instance -> {
            assertThat(instance.isSecure()).isTrue();
            assertThat(instance.getPort()).isEqualTo(443);
        });
    }
}
