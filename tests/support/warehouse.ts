// A temporary warm-tier folder for one test file: PRISM_WAREHOUSE_URL points at it while the file runs, and it is
// removed afterwards. `dir()` is the folder (set in beforeAll).
import { afterAll, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetEnvCache } from "@/lib/env";

export function temporaryWarehouse(prefix: string): { dir: () => string } {
  let root = "";
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    process.env.PRISM_WAREHOUSE_URL = root;
    resetEnvCache();
  });
  afterAll(() => {
    delete process.env.PRISM_WAREHOUSE_URL;
    resetEnvCache();
    fs.rmSync(root, { recursive: true, force: true });
  });
  return { dir: () => root };
}

/**
 * A copy of the warm-tier folder `from` (a fixture's exported files) for one test: PRISM_WAREHOUSE_URL points at it
 * until `remove()` deletes it and points back at `from`.
 */
export function warehouseCopy(from: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(`${from}-copy-`);
  fs.cpSync(from, dir, { recursive: true });
  process.env.PRISM_WAREHOUSE_URL = dir;
  resetEnvCache();
  return {
    dir,
    remove: () => {
      process.env.PRISM_WAREHOUSE_URL = from;
      resetEnvCache();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
