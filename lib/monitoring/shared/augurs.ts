/**
 * One place that initialises the @bsull/augurs WebAssembly modules.
 *
 * augurs ships wasm-bindgen "web" builds whose default init() fetches the
 * .wasm file by URL, which does not work under plain Node. We read the bytes
 * from node_modules and call the synchronous `initSync` instead, once per
 * module, lazily on first use. This keeps the monitoring API synchronous, but
 * it requires a Node runtime (not the Edge runtime) and, under Next.js, the
 * package should be listed in `serverExternalPackages` so the .wasm files
 * stay on disk next to the JS glue (next.config.ts already does this).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as changepoint from "@bsull/augurs/changepoint";
import * as ets from "@bsull/augurs/ets";
import * as mstl from "@bsull/augurs/mstl";

type WasmModule = { initSync: (m: { module: BufferSource }) => unknown };

const modules = { changepoint, ets, mstl } satisfies Record<string, WasmModule>;
type ModuleName = keyof typeof modules;
const initialised = new Set<ModuleName>();

function packageDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return path.dirname(require.resolve("@bsull/augurs/mstl"));
  } catch {
    // Bundlers may rewrite import.meta.url; fall back to the usual layout.
    return path.join(process.cwd(), "node_modules", "@bsull", "augurs");
  }
}

function ensure(name: ModuleName): void {
  if (initialised.has(name)) return;
  const bytes = readFileSync(path.join(packageDir(), `${name}_bg.wasm`));
  modules[name].initSync({ module: bytes });
  initialised.add(name);
}

export function augursMstl(): typeof mstl {
  ensure("mstl");
  return mstl;
}

export function augursEts(): typeof ets {
  ensure("ets");
  return ets;
}

export function augursChangepoint(): typeof changepoint {
  ensure("changepoint");
  return changepoint;
}

/** Free a wasm-backed object even if the caller throws. */
export function using<T extends { free(): void }, R>(obj: T, fn: (o: T) => R): R {
  try {
    return fn(obj);
  } finally {
    obj.free();
  }
}
