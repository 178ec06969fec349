// A project's personalization settings: ranking defaults for recommendations and its own persona affinity table.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { personalizationSettings } from "@/db/schema";
import { rankingControlsSchema, type RankingControls } from "../ranking-controls";
import { personaFallbackSchema, type PersonaFallbackTable } from "../personas/fallback";

export interface PersonalizationSettings {
  ranking: RankingControls;
  /** The project's own affinity table, or null (the shipped one applies). */
  personaFallback: PersonaFallbackTable | null;
  updatedAt: Date | null;
}

export async function getPersonalizationSettings(db: Db, projectId: string): Promise<PersonalizationSettings> {
  const s = personalizationSettings;
  const [row] = await db.select().from(s).where(eq(s.projectId, projectId));
  if (!row) return { ranking: {}, personaFallback: null, updatedAt: null };
  // Stored values passed the same schemas on the way in; parsing again drops keys a later version no longer reads.
  return {
    ranking: rankingControlsSchema.parse(row.ranking),
    personaFallback: row.personaFallback ? personaFallbackSchema.parse(row.personaFallback) : null,
    updatedAt: row.updatedAt,
  };
}

/** Writes the given parts (an absent part keeps its stored value) and returns the settings as stored. */
export async function savePersonalizationSettings(
  db: Db,
  projectId: string,
  patch: { ranking?: RankingControls; personaFallback?: PersonaFallbackTable | null },
  now: Date,
): Promise<PersonalizationSettings> {
  const s = personalizationSettings;
  const set = {
    ...(patch.ranking !== undefined ? { ranking: patch.ranking as Record<string, unknown> } : {}),
    ...(patch.personaFallback !== undefined ? { personaFallback: patch.personaFallback as Record<string, unknown> | null } : {}),
    updatedAt: now,
  };
  await db
    .insert(s)
    .values({ projectId, ...set })
    .onConflictDoUpdate({ target: s.projectId, set });
  return getPersonalizationSettings(db, projectId);
}
