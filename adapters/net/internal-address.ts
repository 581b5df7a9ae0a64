/**
 * Which IP addresses a configured URL must never reach: anything that is not the public internet.
 * A portal or feed URL is typed in by an admin; without this check it could read the hub's own admin API,
 * the simulator, a cloud metadata service (169.254.169.254) or an intranet host.
 */
import { isIP } from "node:net";

/** [first address, prefix length] in IPv4 space */
const BLOCKED_V4: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches localhost on Linux
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

/** true for loopback, private, link-local, CGNAT, unique-local, multicast and unspecified addresses */
export function isInternalAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return isInternalV4(parseV4(bare));
  if (family === 6) return isInternalV6(parseV6(bare));
  // not an address at all: refuse rather than guess
  return true;
}

function isInternalV4(value: number): boolean {
  return BLOCKED_V4.some(([base, prefix]) => {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return (value & mask) >>> 0 === (parseV4(base) & mask) >>> 0;
  });
}

function isInternalV6(words: number[]): boolean {
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = words;
  const embeddedV4 = ((w6 << 16) >>> 0) + w7;
  const firstFiveZero = w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0;
  if (firstFiveZero && w5 === 0) {
    // :: and ::1, and the deprecated IPv4-compatible form ::a.b.c.d
    if (w6 === 0 && (w7 === 0 || w7 === 1)) return true;
    return isInternalV4(embeddedV4);
  }
  if (firstFiveZero && w5 === 0xffff) return isInternalV4(embeddedV4); // ::ffff:127.0.0.1
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0) return isInternalV4(embeddedV4); // NAT64
  if (w0 === 0x2002) return isInternalV4(((w1 << 16) >>> 0) + w2); // 6to4 wraps an IPv4 address
  if ((w0 & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((w0 & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((w0 & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated, still routed on some LANs)
  if ((w0 & 0xff00) === 0xff00) return true; // multicast
  if (w0 === 0x2001 && w1 === 0x0db8) return true; // documentation
  return false;
}

function parseV4(address: string): number {
  return address.split(".").reduce((acc, part) => ((acc << 8) >>> 0) + Number(part), 0) >>> 0;
}

function parseV6(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = parseV4(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headWords = head ? head.split(":") : [];
  const tailWords = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : new Array(8 - headWords.length - tailWords.length).fill("0");
  return [...headWords, ...fill, ...tailWords].map((word) => Number.parseInt(word || "0", 16));
}
