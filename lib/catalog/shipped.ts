// The catalogs the repository ships as YAML (catalog/*.yaml): the demo product's, loaded by the demo seed and
// checked by the contract tests against what the demo generator emits, and Prism's own dashboard telemetry's.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import type { Catalog } from "./definition";
import { parseCatalogText } from "./document";
import { compileContract } from "./contract";
import { checkEvents, tallyQuality } from "./ingest-check";
import { addQualityTallies } from "./store/quality";

export function shippedCatalog(name: "demo" | "prism", root = path.join(process.cwd(), "catalog")): Catalog {
  return parseCatalogText(readFileSync(path.join(root, `${name}.yaml`), "utf8"));
}

/**
 * Counts events written without the ingest API (a bulk seed) as ingest would have in the catalog's mode, so the
 * Data quality page shows what those events really are; refusals do not apply to rows already stored.
 */
export async function countStoredEvents(
  db: Db,
  projectId: string,
  catalog: Catalog,
  stored: { id: string; name: string; timestamp: Date; properties: Record<string, unknown> }[],
  now = new Date(),
) {
  const contract = compileContract({ ...catalog, mode: "warn" });
  const checked = checkEvents(contract, stored.map((e) => ({ id: e.id, name: e.name, at: e.timestamp, properties: e.properties })));
  await addQualityTallies(db, projectId, tallyQuality(checked, new Set(stored.map((e) => e.id)), now));
}
