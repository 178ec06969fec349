import { defineConfig } from "@playwright/test";

// Always the system Chromium: this project never downloads browsers.
const executablePath = process.env.PRISM_CHROMIUM_PATH ?? "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT ?? 3200);
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/artifacts/test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "e2e/artifacts/report" }]],
  use: {
    baseURL,
    trace: "on-first-retry",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    // A fresh embedded database for every run: the suite never touches a real or shared database.
    command: "rm -rf .data-e2e && node scripts/start.mjs",
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      PRISM_DATA_DIR: ".data-e2e",
      DATABASE_URL: "",
      REDIS_URL: "",
      NEXTAUTH_SECRET: "e2e-only-secret",
      NEXTAUTH_URL: baseURL,
    },
  },
});
