// The response headers every page and API reply carries (next.config.ts `headers()`); a plain module without
// path aliases so next.config.ts can import it.

export interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
  has?: { type: "header"; key: string; value?: string }[];
}

/**
 * The Content-Security-Policy the app runs under. Scripts and styles need 'unsafe-inline': Next.js streams the
 * RSC payload in inline `<script>` tags and the theme script in app/layout.tsx is inline, and without per-request
 * nonces (which would make every page dynamic) there is no stricter policy that keeps the app working. React
 * style attributes (charts) need inline styles. Development adds 'unsafe-eval' for React's dev tooling.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/** The browser client (/sdk/prism.js) is imported as a module by other sites' pages: readable cross-origin, cached briefly. */
export const BROWSER_SDK_RULE: HeaderRule = {
  source: "/sdk/:path*",
  headers: [
    { key: "Access-Control-Allow-Origin", value: "*" },
    { key: "Cross-Origin-Resource-Policy", value: "cross-origin" },
    { key: "Cache-Control", value: "public, max-age=300" },
  ],
};

/**
 * `hsts`: "auto" (default) sends Strict-Transport-Security when the request arrived over HTTPS as a proxy reports
 * it (`x-forwarded-proto: https`); "always" for servers only reachable over HTTPS; "off" never.
 */
export function securityHeaderRules(opts: { dev: boolean; hsts?: string }): HeaderRule[] {
  const common = [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(opts.dev) },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  ];
  const hsts = opts.hsts ?? "auto";
  if (hsts === "always") return [{ source: "/:path*", headers: [...common, { key: "Strict-Transport-Security", value: HSTS_VALUE }] }, BROWSER_SDK_RULE];
  const rules: HeaderRule[] = [{ source: "/:path*", headers: common }, BROWSER_SDK_RULE];
  if (hsts !== "off") {
    rules.push({
      source: "/:path*",
      has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
      headers: [{ key: "Strict-Transport-Security", value: HSTS_VALUE }],
    });
  }
  return rules;
}
