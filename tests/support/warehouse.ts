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
