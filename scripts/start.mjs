// `npm start`: build when the sources changed since the last build, then serve the production build.
// Zero-config: without NEXTAUTH_SECRET a random one is created once and kept in the data directory.
// Listens on 127.0.0.1 unless PRISM_HOST (or HOSTNAME, as Next.js reads it) names another address, e.g. 0.0.0.0.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { computeFingerprint, fingerprintFile } from "./build-fingerprint.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const port = process.env.PORT || "3000";
const host = process.env.PRISM_HOST || process.env.HOSTNAME || "127.0.0.1";
// The server reads PRISM_HOST to warn when demo logins face the network (lib/bootstrap/startup-plan.ts).
process.env.PRISM_HOST = host;
const dataDir = path.resolve(root, process.env.PRISM_DATA_DIR || ".data");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

fs.mkdirSync(dataDir, { recursive: true });
if (!process.env.NEXTAUTH_SECRET) {
  const secretFile = path.join(dataDir, "nextauth-secret");
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.NEXTAUTH_SECRET = fs.readFileSync(secretFile, "utf8").trim();
}
process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
process.env.NEXT_TELEMETRY_DISABLED ||= "1";

const workerBundle = path.join(root, ".next", "prism-compute-worker.mjs");
const built = fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(fingerprintFile) && fs.existsSync(workerBundle);
if (!built || fs.readFileSync(fingerprintFile, "utf8") !== computeFingerprint()) {
  console.log("[prism] building the production bundle (first start or sources changed)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // The analysis endpoints' worker threads load this bundle (lib/compute/compute-pool.ts).
  const worker = spawnSync(process.execPath, [path.join(root, "scripts", "build-compute-worker.mjs")], { cwd: root, stdio: "inherit" });
  if (worker.status !== 0) process.exit(worker.status ?? 1);
  fs.writeFileSync(fingerprintFile, computeFingerprint());
}

console.log(`[prism] listening on http://${host.includes(":") ? `[${host}]` : host}:${port}`);
const server = spawn(process.execPath, [nextBin, "start", "-p", port, "-H", host], { cwd: root, stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
