package io.crowdfund.notification.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.springframework.stereotype.Component;

import io.crowdfund.notification.NotificationProperties;
import io.crowdfund.web.InvalidField;

/**
 * Which URLs may receive webhooks: http or https only, and (SSRF protection) none that resolves to a
 * loopback, link-local, private or wildcard address unless operators allow it (the local stack does).
 */
@Component
class TargetPolicy {

    private final boolean allowPrivateTargets;

    TargetPolicy(NotificationProperties properties) {
        this.allowPrivateTargets = properties.webhooks().allowPrivateTargets();
    }

    URI check(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidField("url", "is not a valid URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new InvalidField("url", "must be an absolute http or https URL");
        }
        if (uri.getUserInfo() != null) {
            throw new InvalidField("url", "must not carry credentials");
        }
        if (!allowPrivateTargets && !publicAddress(uri.getHost())) {
            throw new InvalidField("url", "must resolve to a public address");
        }
        return uri;
    }

    /** Checked again before each delivery, since a name can be pointed elsewhere after it was registered. */
    boolean allowed(URI uri) {
        return allowPrivateTargets || publicAddress(uri.getHost());
    }

    private static boolean publicAddress(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new InvalidField("url", "names a host that does not resolve");
        }
    }
}
