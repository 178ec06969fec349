import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

// Modules under coverage gates (lines, statements, functions and branches), per glob.
const TELEMETRY = ["lib/telemetry/**", "lib/metrics/**", "lib/log/**", "lib/browser-sdk/**", "public/sdk/prism.js"];
const METRIC_CALCULATORS = ["lib/monitoring/rollups/**", "lib/experiments/stats/**", "lib/user-insights/{retention,stickiness,lifecycle,funnel}.ts"];
const STORAGE = ["lib/retention/**", "lib/warehouse/**"];
const gate = (globs: string[], percent: number) =>
  Object.fromEntries(globs.map((g) => [g, { lines: percent, statements: percent, functions: percent, branches: percent }]));

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data*/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-jobs.ts"],
    pool: "forks",
    // Each worker process runs its files one after another with one module cache (PGlite's WebAssembly, the route
    // modules): a file's set-up is then its own data, not a fresh runtime. Test files keep no state between them:
    // each opens its own database copy and restores any environment variable it sets.
    isolate: false,
    // At least two workers (vitest's default leaves one of two cores idle): the suite must pass with both busy anyway.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // No LLM key: tests get the local provider through the same setting a user would leave empty (lib/llm selectLlmProvider).
    env: { NEXTAUTH_SECRET: "test-secret-not-for-production", PRISM_DEMO_DATA: "false", OPENAI_API_KEY: "" },
    // `--coverage` (CI's PGlite run) gates the modules issue 16 names: telemetry, metric calculators, storage/retention.
    coverage: {
      provider: "v8",
      include: [...TELEMETRY, ...METRIC_CALCULATORS, ...STORAGE],
      exclude: ["**/*.test.ts"],
      reporter: ["text-summary", ["text", { skipFull: true }]],
      thresholds: {
        ...gate(TELEMETRY, 80),
        ...gate(METRIC_CALCULATORS, 75),
        ...gate(STORAGE, 70),
      },
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
