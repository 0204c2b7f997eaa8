package io.crowdfund.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every special-purpose block of IANA's registries is refused from its first address to its last; the addresses around them pass. */
class GlobalAddressesTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // IPv4 special-purpose blocks
            "0.0.0.0/8 this network,            0.0.0.0,           0.255.255.255",
            "10.0.0.0/8 private,                10.0.0.0,          10.255.255.255",
            "100.64.0.0/10 shared (CGN),        100.64.0.0,        100.127.255.255",
            "127.0.0.0/8 loopback,              127.0.0.0,         127.255.255.255",
            "169.254.0.0/16 link-local,         169.254.0.0,       169.254.255.255",
            "172.16.0.0/12 private,             172.16.0.0,        172.31.255.255",
            "192.0.0.0/24 IETF assignments,     192.0.0.0,         192.0.0.255",
            "192.0.2.0/24 TEST-NET-1,           192.0.2.0,         192.0.2.255",
            "192.88.99.0/24 6to4 relay,         192.88.99.0,       192.88.99.255",
            "192.168.0.0/16 private,            192.168.0.0,       192.168.255.255",
            "198.18.0.0/15 benchmarking,        198.18.0.0,        198.19.255.255",
            "198.51.100.0/24 TEST-NET-2,        198.51.100.0,      198.51.100.255",
            "203.0.113.0/24 TEST-NET-3,         203.0.113.0,       203.0.113.255",
            "224.0.0.0/4 multicast,             224.0.0.0,         239.255.255.255",
            "240.0.0.0/4 reserved,              240.0.0.0,         255.255.255.254",
            "255.255.255.255/32 broadcast,      255.255.255.255,   255.255.255.255",
            // IPv6 special-purpose blocks (and everything outside global unicast 2000::/3)
            "::/128 unspecified,                ::,                ::",
            "::1/128 loopback,                  ::1,               ::1",
            "::/96 IPv4-compatible (deprecated), ::8.8.8.8,        ::255.255.255.255",
            "64:ff9b:1::/48 local-use NAT64,    64:ff9b:1::,       64:ff9b:1:ffff:ffff:ffff:ffff:ffff",
            "100::/64 discard-only,             100::,             100::ffff:ffff:ffff:ffff",
            "100:0:0:1::/64 dummy prefix,       100:0:0:1::,       100::1:ffff:ffff:ffff:ffff",
            "2001::/32 Teredo,                  2001::,            2001:0:ffff:ffff:ffff:ffff:ffff:ffff",
            "2001:2::/48 benchmarking,          2001:2::,          2001:2:0:ffff:ffff:ffff:ffff:ffff",
            "2001:10::/28 ORCHID (deprecated),  2001:10::,         2001:1f:ffff:ffff:ffff:ffff:ffff:ffff",
            "2001::/23 rest of IETF assignments, 2001:1::4,        2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff",
            "2001:db8::/32 documentation,       2001:db8::,        2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
            "3fff::/20 documentation,           3fff::,            3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff",
            "5f00::/16 SRv6 SIDs,               5f00::,            5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fc00::/7 unique-local,             fc00::,            fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fe80::/10 link-local,              fe80::,            febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fec0::/10 site-local (deprecated), fec0::,            feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "ff00::/8 multicast,                ff00::,            ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "4000::/2 unassigned,               4000::,            7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "::ffff:0:0/96 mapped loopback,     ::ffff:127.0.0.1,  ::ffff:127.255.255.255",
            "::ffff:0:0/96 mapped private,      ::ffff:10.0.0.0,   ::ffff:192.168.255.255",
            "::ffff:0:0/96 mapped link-local,   ::ffff:169.254.169.254, ::ffff:169.254.0.1",
            "64:ff9b::/96 NAT64 of private,     64:ff9b::10.0.0.1, 64:ff9b::127.0.0.1",
            "64:ff9b::/96 NAT64 of metadata,    64:ff9b::169.254.169.254, 64:ff9b::ffff:ffff",
            "2002::/16 6to4 of loopback,        2002:7f00:1::,     2002:7fff:ffff:ffff:ffff:ffff:ffff:ffff",
            "2002::/16 6to4 of private,         2002:a00::,        2002:c0a8:ffff::1",
            "2002::/16 6to4 of this network,    2002::,            2002:00ff:ffff::1"
    })
    void refusesEveryAddressOfASpecialPurposeBlock(String block, String first, String last) {
        assertThat(GlobalAddresses.isGlobal(address(first))).as("%s: %s", block, first).isFalse();
        assertThat(GlobalAddresses.isGlobal(address(last))).as("%s: %s", block, last).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "8.8.8.8", "1.1.1.1", "1.0.0.0", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
            "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "191.255.255.255", "192.0.1.0",
            "192.0.3.0", "192.88.98.255", "192.88.100.0", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0",
            "198.51.99.255", "198.51.101.0", "203.0.112.255", "203.0.114.0", "223.255.255.255",
            "2001:4860:4860::8888", "2606:4700:4700::1111", "2000::", "3fff:1000::", "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "2001:200::", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::", "2003::1", "2620:4f:8000::1",
            // the globally reachable parts of 2001::/23
            "2001:1::1", "2001:1::2", "2001:1::3", "2001:3::1", "2001:4:112::1", "2001:20::1", "2001:30::1",
            // IPv4 carried in IPv6, judged by the IPv4 address
            "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "64:ff9b::1.1.1.1", "2002:808:808::1", "2002:101:101:ffff::1"
    })
    void allowsGloballyRoutableAddresses(String global) {
        assertThat(GlobalAddresses.isGlobal(address(global))).as(global).isTrue();
    }

    /** The address, as an Inet6Address for every IPv6 literal (Java would turn an IPv4-mapped one into IPv4). */
    private static InetAddress address(String literal) {
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (!literal.contains(":")) {
                return InetAddress.getByAddress(bytes);
            }
            if (bytes.length == 4) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                bytes = mapped;
            }
            InetAddress address = Inet6Address.getByAddress(null, bytes, (NetworkInterface) null);
            assertThat(address).isInstanceOf(Inet6Address.class);
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
