// `npm run bench [-- filter]`: runs every bench/**/*.bench.ts (each default-exports an async function returning a
// JSON-serialisable result) and prints one JSON document. Benchmarks report ratios to a baseline measured in the same
// run, because absolute figures on shared 2-core machines are noise.
import fs from "node:fs";
import path from "node:path";
import { registerJobs } from "@/lib/jobs/dispatch";

// Ingest, assignment and OTLP paths request background jobs (e.g. the end-user profile refresh), as the server does:
// the runs are written to the ledger of the bench's scratch database, not executed.
registerJobs(async () => (await import("@/inngest/client")).jobRegistration);

function findBenchFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return findBenchFiles(full);
    return e.name.endsWith(".bench.ts") ? [full] : [];
  });
}

async function main() {
  const filter = process.argv[2];
  const files = findBenchFiles(path.join(process.cwd(), "bench")).filter((f) => !filter || f.includes(filter));
  const results: Record<string, unknown> = {};
  for (const file of files) {
    const name = path.relative(path.join(process.cwd(), "bench"), file).replace(/\.bench\.ts$/, "");
    process.stderr.write(`[bench] ${name}…\n`);
    const mod = (await import(file)) as { default: () => Promise<unknown> };
    results[name] = await mod.default();
  }
  const output = { machine: { cpus: (await import("node:os")).cpus().length, node: process.version }, results };
  console.log(JSON.stringify(output, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
