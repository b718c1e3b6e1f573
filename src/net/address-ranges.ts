/**
 * Which kind of network an IP address belongs to. Everything but `public`
 * is a place a server should not be sent on a user's word: the server's own
 * loopback, its private network, link-local neighbours (169.254.169.254 is
 * the cloud metadata service), carrier NAT, multicast and the reserved and
 * documentation ranges (IANA special-purpose registries, RFC 6890).
 *
 * IPv6 addresses that carry an IPv4 address (mapped `::ffff:a.b.c.d`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by that IPv4 address:
 * `::ffff:127.0.0.1` is loopback.
 *
 * @example
 *   classifyAddress("10.1.2.3")          // "private"
 *   classifyAddress("::ffff:7f00:1")     // "loopback"
 *   classifyAddress("2a00:1450:4001::1") // "public"
 */
import { BlockList, isIP, isIPv4 } from "node:net";

export type AddressKind = "public" | "loopback" | "private" | "link_local" | "shared" | "unspecified" | "multicast" | "broadcast" | "reserved";

/** In order: the first list that holds an address names its kind (255.255.255.255 is broadcast before it is reserved). */
const RANGES: [Exclude<AddressKind, "public">, ...string[]][] = [
  ["unspecified", "0.0.0.0/8", "::/128"],
  ["loopback", "127.0.0.0/8", "::1/128"],
  ["private", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fec0::/10"],
  ["link_local", "169.254.0.0/16", "fe80::/10"],
  ["shared", "100.64.0.0/10"],
  ["broadcast", "255.255.255.255/32"],
  ["multicast", "224.0.0.0/4", "ff00::/8"],
  [
    "reserved",
    // IETF protocol assignments, documentation, benchmarking, 6to4 relay anycast, the old class E.
    "192.0.0.0/24",
    "192.0.2.0/24",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "198.18.0.0/15",
    "192.88.99.0/24",
    "240.0.0.0/4",
    // IPv4-compatible (deprecated), discard-only, documentation, ORCHID, Teredo (tunnels to any IPv4 address).
    "::/96",
    "100::/64",
    "2001:db8::/32",
    "2001:10::/28",
    "2001:20::/28",
    "2001::/32",
  ],
];

const LISTS = RANGES.map(([kind, ...cidrs]) => {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = "", prefix = ""] = cidr.split("/");
    list.addSubnet(address, Number(prefix), isIPv4(address) ? "ipv4" : "ipv6");
  }
  return { kind, list };
});

/** The eight 16-bit groups of an IPv6 address (with a dotted IPv4 tail allowed). */
export function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split(".").map(Number);
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array(tail === undefined ? 0 : 8 - left.length - right.length).fill("0"), ...right];
  return groups.map((group) => parseInt(group, 16));
}

/** The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), if any. */
export function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  const quad = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  const zero = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);
  if (zero(0, 5) && g[5] === 0xffff) return quad(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return quad(g[6]!, g[7]!);
  if (g[0] === 0x2002) return quad(g[1]!, g[2]!);
  return undefined;
}

/** The kind of an IP address (IPv4 or IPv6, without brackets); a string that is no IP address is `reserved`. */
export function classifyAddress(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return "reserved";
  if (family === 6) {
    const inner = embeddedIpv4(address);
    if (inner) return classifyAddress(inner);
  }
  const type = family === 4 ? "ipv4" : "ipv6";
  return LISTS.find(({ list }) => list.check(address, type))?.kind ?? "public";
}
