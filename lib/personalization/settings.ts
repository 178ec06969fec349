// A project's personalization settings as the serving paths read them (kept a minute per instance, dropped on every
// instance when saved) and their audited updates: ranking defaults for recommendations and the persona affinity table.
import { z } from "zod";
import type { Db } from "@/db/client";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import { sharedLoads } from "@/lib/cache/shared-loads";
import { auditByActor, type ProjectActor } from "@/lib/auth/actor";
import { rankingControlsSchema } from "./ranking-controls";
import { DEFAULT_PERSONA_FALLBACK, personaFallbackSchema, type PersonaFallbackTable } from "./personas/fallback";
import { getPersonalizationSettings, savePersonalizationSettings, type PersonalizationSettings } from "./store/settings";

export const personalizationSettingsInputSchema = z
  .object({
    /** Replaces the ranking defaults (`{}` clears them). */
    ranking: rankingControlsSchema.strict().optional(),
    /** The project's persona affinity table; null goes back to the shipped one. */
    personaFallback: personaFallbackSchema.nullable().optional(),
  })
  .strict();

const cache = createTtlCache<PersonalizationSettings>({ name: "personalization-settings", ttlMs: 60_000, max: 1_000 });
const loads = sharedLoads<PersonalizationSettings>();

export async function projectPersonalizationSettings(db: Db, projectId: string): Promise<PersonalizationSettings> {
  const cached = cache.get(projectId);
  if (cached) return cached;
  const epoch = cache.epoch();
  const settings = await loads(projectId, epoch, () => getPersonalizationSettings(db, projectId), db);
  cache.set(projectId, settings, { ifEpoch: epoch });
  return settings;
}

/** The affinity table that applies: the project's own, else the shipped defaults. */
export function effectivePersonaFallback(settings: PersonalizationSettings): { table: PersonaFallbackTable; source: "project" | "shipped" } {
  return settings.personaFallback ? { table: settings.personaFallback, source: "project" } : { table: DEFAULT_PERSONA_FALLBACK, source: "shipped" };
}

/** The settings as the API shows them, with the table that applies. */
export function describeSettings(settings: PersonalizationSettings) {
  const fallback = effectivePersonaFallback(settings);
  return { ranking: settings.ranking, personaFallback: fallback.table, personaFallbackSource: fallback.source, updatedAt: settings.updatedAt };
}

export async function updatePersonalizationSettings(db: Db, actor: ProjectActor, input: z.output<typeof personalizationSettingsInputSchema>, now = new Date()) {
  const settings = await db.transaction(async (tx) => {
    const before = await getPersonalizationSettings(tx, actor.projectId);
    const after = await savePersonalizationSettings(tx, actor.projectId, input, now);
    await auditByActor(tx, actor, {
      action: "personalization.settings_updated",
      targetType: "project",
      targetId: actor.projectId,
      details: { before: { ranking: before.ranking, personaFallback: before.personaFallback }, after: { ranking: after.ranking, personaFallback: after.personaFallback } },
    });
    return after;
  });
  await cache.invalidate(actor.projectId);
  return describeSettings(settings);
}
