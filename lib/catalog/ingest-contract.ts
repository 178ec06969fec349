// The compiled contract ingest checks events against, cached per project like the trace ingest settings: a batch
// never reads or compiles the catalog; saving a catalog invalidates the entry here and, through the bus, elsewhere.
import type { Db } from "@/db/client";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import { compileContract, type CompiledContract } from "./contract";
import { getCatalog } from "./store/catalogs";

export const CONTRACT_TTL_MS = 10_000;

const contracts = createTtlCache<{ db: Db; contract: Promise<CompiledContract> }>({ name: "event-contract", ttlMs: CONTRACT_TTL_MS, max: 2_000 });

/** The project's compiled contract (mode `off`: nothing is checked). An entry read through another db handle is a miss (tests). */
export function getIngestContract(db: Db, projectId: string): Promise<CompiledContract> {
  const hit = contracts.get(projectId);
  if (hit && hit.db === db) return hit.contract;
  const epoch = contracts.epoch();
  const contract = getCatalog(db, projectId).then(({ catalog }) => compileContract(catalog));
  // A failed load must not stay cached.
  contract.catch(() => contracts.invalidate(projectId));
  contracts.set(projectId, { db, contract }, { ifEpoch: epoch });
  return contract;
}

export function invalidateIngestContract(projectId: string): Promise<void> {
  return contracts.invalidate(projectId);
}
