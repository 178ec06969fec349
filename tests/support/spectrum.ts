import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { spectrumExclusions, spectrumResets, spectrumSessionAggregates } from "@/db/schema";
import { seedSpectrumDemo } from "@/lib/demo/spectrum";

export const DEMO_USERS = ["user_0001", "user_0002", "user_0003", "user_0004", "user_0005"];

/** The Spectrum demo (13 weeks up to 2026-11-23) with user controls in play: user_0002 excluded one session,
 * user_0003 excluded 2026-10-26..29, user_0004 reset on 2026-11-04. */
export async function seedDemoWithControls(db: Db, projectId: string) {
  await seedSpectrumDemo(db, projectId, new Date("2026-11-23T00:00:00Z"));
  const [excluded] = await db
    .select({ sessionId: spectrumSessionAggregates.sessionId })
    .from(spectrumSessionAggregates)
    .where(and(eq(spectrumSessionAggregates.projectId, projectId), eq(spectrumSessionAggregates.userId, "user_0002")))
    .limit(1);
  await db.insert(spectrumExclusions).values([
    { projectId, userId: "user_0002", sessionId: excluded.sessionId },
    { projectId, userId: "user_0003", fromAt: new Date("2026-10-26T00:00:00Z"), toAt: new Date("2026-10-29T00:00:00Z") },
  ]);
  await db.insert(spectrumResets).values({ projectId, userId: "user_0004", resetAt: new Date("2026-11-04T00:00:00Z") });
}
