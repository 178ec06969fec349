// A cheap fingerprint of everything that goes into the production build (paths, sizes, mtimes), so `npm start`
// rebuilds only when the sources changed since the last build.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const inputs = ["app", "components", "lib", "db", "inngest", "prompts", "public", "instrumentation.ts", "next.config.ts", "package-lock.json", "tsconfig.json"];
export const fingerprintFile = path.join(root, ".next", "prism-build-fingerprint");

function walk(p, out) {
  if (!fs.existsSync(p)) return;
  const stat = fs.statSync(p);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) if (!name.endsWith(".test.ts")) walk(path.join(p, name), out);
  } else {
    out.push(`${path.relative(root, p)}:${stat.size}:${Math.round(stat.mtimeMs)}`);
  }
}

export function computeFingerprint() {
  const lines = [];
  for (const input of inputs) walk(path.join(root, input), lines);
  return crypto.createHash("sha256").update(lines.join("\n")).digest("hex");
}

if (process.argv.includes("--write")) {
  fs.mkdirSync(path.dirname(fingerprintFile), { recursive: true });
  fs.writeFileSync(fingerprintFile, computeFingerprint());
}
