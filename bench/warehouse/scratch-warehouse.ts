// The set-up every warehouse bench shares: a scratch database with one "bench" project and a warm tier in a fresh
// folder, both removed when the bench ends (even when it throws).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db, DbHandle } from "@/db/client";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { resetEnvCache } from "@/lib/env";
import { openScratchDb } from "../scratch-db";

export interface ScratchWarehouse {
  handle: DbHandle;
  db: Db;
  projectId: string;
  /** The warm tier's folder; PRISM_WAREHOUSE_URL points at it, since warm reads resolve manifest paths against it. */
  root: string;
}

export async function withScratchWarehouse<T>(label: string, run: (w: ScratchWarehouse) => Promise<T>): Promise<T> {
  const handle = await openScratchDb(label);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `prism-bench-${label.replace(/_/g, "-")}-`));
  process.env.PRISM_WAREHOUSE_URL = root;
  resetEnvCache();
  try {
    const org = await ensureOrganization(handle.db, "bench");
    const project = await ensureProject(handle.db, org.id, "bench");
    return await run({ handle, db: handle.db, projectId: project.id, root });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    await handle.close();
  }
}
