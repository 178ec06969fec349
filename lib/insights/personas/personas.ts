// The persona report for a range (GET /api/v1/insights/personas and the page).
import type { Db } from "@/db/client";
import { personaInputs } from "../store/personas";
import { personaReport } from "./report";

export async function personasReport(db: Db, projectId: string, range: { from: Date; to: Date }, now = new Date()) {
  return personaReport(await personaInputs(db, projectId, range, now));
}
