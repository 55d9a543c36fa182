package vn.friendlygov.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * An IPv4 or IPv6 address range in CIDR notation ("10.0.0.0/8", "::1/128", or a bare address).
 * Parsed from configuration only, never from a request: a host name is refused, not resolved.
 */
public record AddressRange(byte[] network, int prefix) {

    public static AddressRange parse(String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        byte[] address = literal(host);
        if (address == null) {
            throw new IllegalArgumentException("Not an IP address or CIDR range: '" + cidr + "'");
        }
        int prefix = address.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Bad prefix length in '" + cidr + "'");
            }
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("Bad prefix length in '" + cidr + "'");
            }
        }
        return new AddressRange(address, prefix);
    }

    public static List<AddressRange> parseAll(List<String> cidrs) {
        return cidrs.stream().filter(c -> !c.isBlank()).map(AddressRange::parse).toList();
    }

    public static boolean anyContains(List<AddressRange> ranges, String address) {
        if (ranges.isEmpty() || address == null) {
            return false;
        }
        byte[] a = literal(address);
        return a != null && ranges.stream().anyMatch(r -> r.contains(a));
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    /**
     * The bytes of an IP literal, or null. IPv4-mapped IPv6 addresses come back as IPv4 (the JDK
     * does that), so "::ffff:10.0.0.1" is in 10.0.0.0/8. Only digits, hex, '.', ':' and a zone are
     * accepted, so InetAddress never does a DNS look-up.
     */
    static byte[] literal(String host) {
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        if (h.isEmpty() || !h.matches("[0-9A-Fa-f.:]+") || (!h.contains(":") && !h.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return null;
        }
        try {
            return InetAddress.getByName(h).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
