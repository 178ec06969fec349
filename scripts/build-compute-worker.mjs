// Bundles lib/compute/worker-entry.ts into .next/prism-compute-worker.mjs after `next build`: Next bundles the
// server but ships no separate worker file, so `next start` loads this one by absolute path. Packages stay
// external (all are production dependencies), so the file runs with production dependencies only.
// esbuild is not declared: it is resolved through tsx (a dev dependency that depends on it), as the build runs
// with dev dependencies installed.
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const fromTsx = createRequire(createRequire(path.join(root, "package.json")).resolve("tsx/package.json"));
const { build } = fromTsx("esbuild");

await build({
  entryPoints: [path.join(root, "lib", "compute", "worker-entry.ts")],
  outfile: path.join(root, ".next", "prism-compute-worker.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "warning",
});
