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
