import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data*/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-jobs.ts"],
    pool: "forks",
    env: { NEXTAUTH_SECRET: "test-secret-not-for-production", PRISM_DEMO_DATA: "false" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
