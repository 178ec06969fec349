// Which event names the built-in metrics count (message, error, rating, session, conversion), read from the catalog.
import type { Db } from "@/db/client";
import { rolesOf, type MetricRoles } from "./definition";
import { getCatalog } from "./store/catalogs";

export async function metricRoles(db: Db, projectId: string): Promise<MetricRoles> {
  return rolesOf((await getCatalog(db, projectId)).catalog);
}
