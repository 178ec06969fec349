// The header rules next.config.ts serves: framing denied, sniffing off, referrer trimmed, HSTS only over HTTPS.
import { describe, expect, test } from "vitest";
import nextConfig from "@/next.config";
import { contentSecurityPolicy, HSTS_VALUE, securityHeaderRules } from "./security-headers";

const valueOf = (rules: ReturnType<typeof securityHeaderRules>, key: string) =>
  rules.filter((r) => !r.has).flatMap((r) => r.headers).find((h) => h.key === key)?.value;

describe("security headers", () => {
  test("every path gets CSP with frame-ancestors 'none', X-Frame-Options DENY, nosniff and the referrer policy", () => {
    const rules = securityHeaderRules({ dev: false });
    expect(rules[0]!.source).toBe("/:path*");
    const csp = valueOf(rules, "Content-Security-Policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(valueOf(rules, "X-Frame-Options")).toBe("DENY");
    expect(valueOf(rules, "X-Content-Type-Options")).toBe("nosniff");
    expect(valueOf(rules, "Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  });

  test("HSTS is sent only for requests a proxy marks as HTTPS, always when asked, never when off", () => {
    const auto = securityHeaderRules({ dev: false });
    expect(valueOf(auto, "Strict-Transport-Security")).toBeUndefined();
    const https = auto.find((r) => r.has?.some((h) => h.key === "x-forwarded-proto" && h.value === "https"));
    expect(https?.headers).toEqual([{ key: "Strict-Transport-Security", value: HSTS_VALUE }]);
    expect(valueOf(securityHeaderRules({ dev: false, hsts: "always" }), "Strict-Transport-Security")).toBe(HSTS_VALUE);
    const off = securityHeaderRules({ dev: false, hsts: "off" });
    expect(off.flatMap((r) => r.headers).some((h) => h.key === "Strict-Transport-Security")).toBe(false);
  });

  test("the browser client under /sdk is readable by other sites' pages, with every HSTS setting", () => {
    for (const hsts of ["auto", "always", "off"]) {
      const sdk = securityHeaderRules({ dev: false, hsts }).find((r) => r.source === "/sdk/:path*");
      expect(sdk?.headers).toEqual(expect.arrayContaining([{ key: "Access-Control-Allow-Origin", value: "*" }, { key: "Cross-Origin-Resource-Policy", value: "cross-origin" }]));
    }
  });

  test("development allows eval and the HMR websocket; production does not", () => {
    expect(contentSecurityPolicy(true)).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(false)).not.toMatch(/unsafe-eval|ws:/);
  });

  test("next.config.ts serves these rules", async () => {
    const rules = await nextConfig.headers!();
    expect(rules.flatMap((r) => r.headers).map((h) => h.key)).toEqual(expect.arrayContaining(["Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"]));
  });
});
