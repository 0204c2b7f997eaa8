package io.crowdfund.notification.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.crowdfund.notification.NotificationProperties;
import io.crowdfund.web.InvalidField;

/**
 * Which URLs may receive webhooks: http or https only, and (SSRF protection) none whose host has an
 * address that is not globally routable ({@link GlobalAddresses}) unless operators allow private
 * targets (the local stack and the tests do). A delivery's host is looked up once, every address is
 * checked, and the delivery connects to a checked address ({@link Target}): a name cannot be pointed
 * elsewhere between the check and the connection.
 */
@Component
class TargetPolicy {

    /** Looks a host name up (or parses an address literal): every address it has. */
    @FunctionalInterface
    interface Resolver {

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Where a delivery goes: its URL (whose host names the Host header and TLS's server name), and the address it connects to. */
    record Target(URI uri, InetAddress address) {
    }

    /** The host has an address that is not globally routable. */
    static final class NotGloballyRoutable extends IOException {

        NotGloballyRoutable(String host, InetAddress address) {
            super(host + " resolves to " + address.getHostAddress() + ", which is not a globally routable address");
        }
    }

    private final boolean allowPrivateTargets;
    private final Resolver resolver;

    @Autowired
    TargetPolicy(NotificationProperties properties) {
        this(properties.webhooks().allowPrivateTargets(), InetAddress::getAllByName);
    }

    TargetPolicy(boolean allowPrivateTargets, Resolver resolver) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.resolver = resolver;
    }

    /** A URL an owner registers: refused (400 naming {@code url}) unless it could receive deliveries now. */
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
        try {
            resolve(uri);
        } catch (NotGloballyRoutable e) {
            throw new InvalidField("url", "must resolve to public addresses only (" + e.getMessage() + ")");
        } catch (UnknownHostException e) {
            throw new InvalidField("url", "names a host that does not resolve");
        }
        return uri;
    }

    /**
     * Looks the URL's host up once, before each delivery (a name can be pointed elsewhere after it was
     * registered), and checks every address it has: the delivery connects to the first.
     */
    Target resolve(URI uri) throws UnknownHostException, NotGloballyRoutable {
        InetAddress[] addresses = resolver.resolve(uri.getHost());
        if (addresses.length == 0) {
            throw new UnknownHostException(uri.getHost());
        }
        if (!allowPrivateTargets) {
            for (InetAddress address : addresses) {
                if (!GlobalAddresses.isGlobal(address)) {
                    throw new NotGloballyRoutable(uri.getHost(), address);
                }
            }
        }
        return new Target(uri, addresses[0]);
    }
}
