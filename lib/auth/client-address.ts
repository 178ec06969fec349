// Why: sign-in throttling needs the client's address without letting the client choose it (issue 12 #8).

export interface ClientAddress {
  address: string;
  /** True when the address came from a proxy we were told to trust; false when the client could have forged it. */
  trusted: boolean;
}

/**
 * The client's address from X-Forwarded-For. Each of `trustedHops` proxies appends the address it saw, so the
 * entry `trustedHops` from the right is the one the outermost trusted proxy saw; entries left of it are the
 * client's own word. With no trusted proxy, Next.js sets the header to the socket address only when the client
 * sent none, so the rightmost entry is used but marked untrusted.
 */
export function clientAddress(forwardedFor: string | null | undefined, trustedHops: number): ClientAddress {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return { address: "unknown", trusted: false };
  if (trustedHops <= 0) return { address: entries[entries.length - 1], trusted: false };
  return { address: entries[Math.max(0, entries.length - trustedHops)], trusted: true };
}
