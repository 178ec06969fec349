// The api_calls_log row of one of Prism's own LLM calls (lib/telemetry/track-llm-call.ts builds it).
import type { Db } from "@/db/client";
import { apiCallsLog } from "@/db/schema";

export type ApiCallLogEntry = typeof apiCallsLog.$inferInsert;

export async function logApiCall(db: Db, entry: ApiCallLogEntry): Promise<void> {
  await db.insert(apiCallsLog).values(entry);
}
