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
    // No LLM key: tests get the local provider through the same setting a user would leave empty (lib/llm selectLlmProvider).
    env: { NEXTAUTH_SECRET: "test-secret-not-for-production", PRISM_DEMO_DATA: "false", OPENAI_API_KEY: "" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
