package io.crowdfund.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.crowdfund.web.InvalidField;

class TargetPolicyTests {

    /** A DNS of a few names, counting its look-ups. */
    private final List<String> lookups = new ArrayList<>();
    private final Map<String, String[]> names = Map.of(
            "hooks.example.com", new String[] {"93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"},
            "rebinding.example.com", new String[] {"93.184.215.14", "10.0.0.7"},
            "metadata.example.com", new String[] {"169.254.169.254"},
            "v6-local.example.com", new String[] {"2606:2800:21f:cb07:6820:80da:af6b:8b2c", "fd00::1"});
    private final TargetPolicy policy = new TargetPolicy(false, this::lookUp);

    private InetAddress[] lookUp(String host) throws UnknownHostException {
        lookups.add(host);
        if (!names.containsKey(host)) {
            return InetAddress.getAllByName(host); // literals only: every name this test uses is above
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String address : names.get(host)) {
            addresses.add(InetAddress.getByName(address));
        }
        return addresses.toArray(InetAddress[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://[::1]/hook", "http://2130706433/hook",
            "http://0.0.0.0/hook", "http://[::ffff:169.254.169.254]/latest", "http://169.254.169.254/latest/meta-data",
            "https://10.1.2.3/hook", "http://100.64.0.1/hook", "http://[fe80::1]/hook", "http://[fd12:3456::1]/hook",
            "http://[64:ff9b::a00:1]/hook", "http://[2002:c0a8:101::1]/hook", "https://metadata.example.com/hook",
            "https://rebinding.example.com/hook", "https://v6-local.example.com/hook"})
    void refusesAUrlWhoseHostHasAnyAddressThatIsNotGloballyRoutable(String url) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOfSatisfying(InvalidField.class,
                refused -> {
                    assertThat(refused.field()).isEqualTo("url");
                    assertThat(refused.getMessage()).contains("public addresses only");
                });
    }

    @Test
    void acceptsAUrlWhoseEveryAddressIsGloballyRoutable() {
        assertThat(policy.check(" https://hooks.example.com/crowdfund ")).isEqualTo(URI.create("https://hooks.example.com/crowdfund"));
        assertThat(policy.check("http://8.8.8.8:8080/hook").getPort()).isEqualTo(8080);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://hooks.example.com/hook", "hooks.example.com/hook", "https://user:pass@hooks.example.com/hook", "not a url"})
    void refusesWhatIsNotAnAbsoluteHttpUrlWithoutCredentials(String url) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOf(InvalidField.class);
    }

    @Test
    void resolvesOnceAndConnectsToTheAddressItChecked() throws Exception {
        var target = policy.resolve(URI.create("https://hooks.example.com/crowdfund"));
        assertThat(lookups).containsExactly("hooks.example.com");
        assertThat(target.address()).isEqualTo(InetAddress.getByName("93.184.215.14"));
        assertThat(target.uri().getHost()).isEqualTo("hooks.example.com");
    }

    @Test
    void refusesADeliveryWhenTheNameWasPointedAtAPrivateAddressAfterRegistration() {
        assertThatThrownBy(() -> policy.resolve(URI.create("https://rebinding.example.com/hook")))
                .isInstanceOf(TargetPolicy.NotGloballyRoutable.class).hasMessageContaining("10.0.0.7");
        assertThat(lookups).containsExactly("rebinding.example.com");
    }

    @Test
    void letsPrivateTargetsThroughWhenAllowedStillConnectingToTheAddressItResolved() throws Exception {
        var allowing = new TargetPolicy(true, this::lookUp);
        assertThat(allowing.check("http://127.0.0.1:8080/hook").getHost()).isEqualTo("127.0.0.1");
        assertThat(allowing.resolve(URI.create("https://metadata.example.com/hook")).address())
                .isEqualTo(InetAddress.getByName("169.254.169.254"));
    }

    @Test
    void refusesAHostThatDoesNotResolve() {
        var nowhere = new TargetPolicy(false, host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> nowhere.check("https://nowhere.example/hook")).isInstanceOf(InvalidField.class)
                .hasMessageContaining("does not resolve");
        assertThatThrownBy(() -> nowhere.resolve(URI.create("https://nowhere.example/hook"))).isInstanceOf(UnknownHostException.class);
    }
}
