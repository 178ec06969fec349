import type { NextConfig } from "next";
import { securityHeaderRules } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm run typecheck` (tsc over the whole repo, tests included) is the type gate in CI; skipping the duplicate
  // check inside `next build` keeps the first `npm start` fast on a 2-core machine.
  typescript: { ignoreBuildErrors: true },
  // Native/WASM and Node-only packages stay outside the bundle and load from node_modules at run time.
  // (@bsull/augurs is ESM-only, so it is bundled; lib/monitoring/shared/augurs.ts reads its .wasm from node_modules.)
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "ioredis", "bcryptjs", "croner", "@duckdb/node-api", "@duckdb/node-bindings"],
  // CSP, framing, sniffing, referrer and (over HTTPS) HSTS on every reply; PRISM_HSTS=auto|always|off.
  async headers() {
    return securityHeaderRules({ dev: process.env.NODE_ENV === "development", hsts: process.env.PRISM_HSTS });
  },
};

export default nextConfig;
