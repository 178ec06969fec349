/**
 * Outbound requests to addresses that users supply (browser push endpoints) must not reach our own network: a
 * public-looking host name can resolve to 127.0.0.1 or 10.x. The check runs at connection time, on every address the
 * name resolves to, so a later DNS change (rebinding) is caught too.
 */
import dns from "node:dns";
import https from "node:https";
import net from "node:net";

const nonPublic = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata services
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 3], // multicast and reserved
] as const) {
  nonPublic.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 127], // unspecified and loopback
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  nonPublic.addSubnet(network, prefix, "ipv6");
}

/** True for a literal IPv4/IPv6 address on the public internet (IPv4-mapped IPv6 judged as its IPv4). */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]);
  const family = net.isIP(address);
  if (family === 0) return false;
  return !nonPublic.check(address, family === 4 ? "ipv4" : "ipv6");
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** dns.lookup for sockets, refusing names that resolve to any non-public address. */
export function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback) {
  dns.lookup(hostname, options, (err, address: string | dns.LookupAddress[], family?: number) => {
    if (err) return callback(err, address, family);
    const addresses = Array.isArray(address) ? address : [{ address, family: family ?? 4 }];
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (!refused) return callback(null, address, family);
    const error: NodeJS.ErrnoException = new Error(`${hostname} resolves to a non-public address (${refused.address})`);
    error.code = "ENOTPUBLIC";
    callback(error, address, family);
  });
}

/** An https.Agent that only connects to public addresses. */
export function publicHttpsAgent() {
  return new https.Agent({ lookup: publicOnlyLookup as unknown as net.LookupFunction });
}

/**
 * Operator opt-in for self-hosted internal targets (e.g. an on-prem chat server): entries "host:port", comma-separated,
 * from PRISM_WEBHOOK_ALLOWLIST. Host names are compared as written in the URL (lower case, IPv6 without brackets).
 */
export function parseHostAllowlist(value: string | undefined): ReadonlySet<string> {
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)
    .map((e) => e.replace(/^\[([^\]]+)\](:\d+)$/, "$1$2"));
  return new Set(entries);
}

function hostKey(url: URL): string {
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${host}:${port}`;
}

export function isAllowListed(url: URL, allow: ReadonlySet<string>): boolean {
  return allow.has(hostKey(url));
}

/**
 * Why `url` may not be called, judged without DNS, or null. The WHATWG parser has already turned 2130706433,
 * 0x7f.1 and similar spellings into dotted IPv4, so a literal check here covers them (sockets skip the lookup for
 * literal addresses, so this check is what guards them at connect time). Names are judged by publicOnlyLookup
 * when the socket connects; `names: true` also refuses well-known local names up front (for messages on save).
 */
export function nonPublicUrlReason(url: URL, allow: ReadonlySet<string>, { names = false } = {}): string | null {
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http(s) URL";
  if (isAllowListed(url, allow)) return null;
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.+$/, "");
  if (net.isIP(host) !== 0) return isPublicAddress(host) ? null : "points to a private, loopback or link-local address";
  if (names && /(^|\.)(localhost|local|internal)$/.test(host)) return "points to a local host name";
  return null;
}

/** nonPublicUrlReason plus a DNS check of the name (a name that does not resolve now is left to connect time). */
export async function checkPublicUrl(raw: string, allow: ReadonlySet<string>): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be a URL";
  }
  const literal = nonPublicUrlReason(url, allow, { names: true });
  if (literal || isAllowListed(url, allow) || net.isIP(url.hostname.replace(/^\[(.*)\]$/, "$1")) !== 0) return literal;
  try {
    const addresses = await dns.promises.lookup(url.hostname, { all: true });
    if (addresses.some((a) => !isPublicAddress(a.address))) return "resolves to a private, loopback or link-local address";
  } catch {
    // Unresolvable today: delivery re-checks at connect time.
  }
  return null;
}
