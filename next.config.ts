import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native/WASM and Node-only packages stay outside the bundle and load from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "ioredis", "bcryptjs", "@bsull/augurs", "croner"],
};

export default nextConfig;
