package io.crowdfund.notification.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses are globally routable, after IANA's IPv4 and IPv6 special-purpose address
 * registries: an IPv4 address outside every special-purpose block, or an IPv6 address in global
 * unicast space (2000::/3) outside its special-purpose blocks. IPv6 forms that carry an IPv4 address
 * (IPv4-mapped, NAT64's well-known prefix, 6to4) are judged by the IPv4 address they carry; every
 * other address outside 2000::/3 (loopback, unspecified, unique-local, link-local, multicast,
 * discard-only, local-use NAT64, SRv6 SIDs, unassigned space) is refused.
 */
final class GlobalAddresses {

    private static final List<Block> IPV4_SPECIAL = Block.all(
            "0.0.0.0/8",          // "this network"
            "10.0.0.0/8",         // private use
            "100.64.0.0/10",      // shared address space (carrier-grade NAT)
            "127.0.0.0/8",        // loopback
            "169.254.0.0/16",     // link-local (cloud metadata services live here)
            "172.16.0.0/12",      // private use
            "192.0.0.0/24",       // IETF protocol assignments
            "192.0.2.0/24",       // documentation (TEST-NET-1)
            "192.88.99.0/24",     // 6to4 relay anycast (deprecated)
            "192.168.0.0/16",     // private use
            "198.18.0.0/15",      // benchmarking
            "198.51.100.0/24",    // documentation (TEST-NET-2)
            "203.0.113.0/24",     // documentation (TEST-NET-3)
            "224.0.0.0/4",        // multicast
            "240.0.0.0/4",        // reserved
            "255.255.255.255/32"  // limited broadcast
    );

    private static final Block GLOBAL_UNICAST = Block.of("2000::/3");
    private static final Block IPV4_MAPPED = Block.of("::ffff:0:0/96");
    private static final Block NAT64 = Block.of("64:ff9b::/96");
    private static final Block SIX_TO_FOUR = Block.of("2002::/16");
    private static final Block IETF_PROTOCOL_ASSIGNMENTS = Block.of("2001::/23");
    /** The parts of 2001::/23 that IANA lists as globally reachable. */
    private static final List<Block> IETF_PROTOCOL_ASSIGNMENTS_GLOBAL = Block.all(
            "2001:1::1/128",      // Port Control Protocol anycast
            "2001:1::2/128",      // TURN anycast
            "2001:1::3/128",      // DNS-SD service registration protocol anycast
            "2001:3::/32",        // AMT
            "2001:4:112::/48",    // AS112-v6
            "2001:20::/28",       // ORCHIDv2
            "2001:30::/28"        // drone remote ID (DET)
    );
    /** Special-purpose blocks inside 2000::/3 besides 2001::/23 and 2002::/16. */
    private static final List<Block> IPV6_SPECIAL = Block.all(
            "2001:db8::/32",      // documentation
            "3fff::/20"           // documentation
    );

    private GlobalAddresses() {
    }

    static boolean isGlobal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? isGlobalIpv4(bytes) : isGlobalIpv6(bytes);
    }

    private static boolean isGlobalIpv4(byte[] address) {
        return IPV4_SPECIAL.stream().noneMatch(block -> block.contains(address));
    }

    private static boolean isGlobalIpv6(byte[] address) {
        if (IPV4_MAPPED.contains(address) || NAT64.contains(address)) {
            return isGlobalIpv4(Arrays.copyOfRange(address, 12, 16));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return isGlobalIpv4(Arrays.copyOfRange(address, 2, 6));
        }
        if (!GLOBAL_UNICAST.contains(address) || IPV6_SPECIAL.stream().anyMatch(block -> block.contains(address))) {
            return false;
        }
        return !IETF_PROTOCOL_ASSIGNMENTS.contains(address)
                || IETF_PROTOCOL_ASSIGNMENTS_GLOBAL.stream().anyMatch(block -> block.contains(address));
    }

    /** An address block in CIDR notation. */
    private record Block(byte[] prefix, int bits) {

        static Block of(String cidr) {
            int slash = cidr.indexOf('/');
            return new Block(bytes(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
        }

        /** A literal's bytes: 16 for every IPv6 literal, though Java turns an IPv4-mapped one into an IPv4 address. */
        private static byte[] bytes(String literal) {
            try {
                byte[] bytes = InetAddress.getByName(literal).getAddress(); // a literal is parsed, never looked up
                if (bytes.length == 4 && literal.contains(":")) {
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(bytes, 0, mapped, 12, 4);
                    return mapped;
                }
                return bytes;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(literal, e);
            }
        }

        static List<Block> all(String... cidrs) {
            return Arrays.stream(cidrs).map(Block::of).toList();
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }
}
