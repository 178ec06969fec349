// Per-project tracing settings (sampling, masking) and their audited updates.

import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { traceSettings } from "@/db/schema";
import { auditAs } from "@/lib/audit/record";
import type { Principal } from "@/lib/auth/session";
import { BUILTIN_RULE_IDS, maskingConfigSchema, type BuiltinRuleId } from "../masking";
import { invalidateIngestConfig } from "./ingest-config";

export interface TraceSettings {
  sampleRate: number;
  masking: {
    enabled: boolean;
    rules: Record<BuiltinRuleId, boolean>;
    customPatterns: { label: string; pattern: string; flags?: string }[];
    dropPayloads: boolean;
  };
  /** Trace metadata key naming the persona that answered (end-user preference profiles); fallback: the trace name. */
  personaDimension: string;
  updatedAt: string | null;
}

/** PUT body: the whole settings object (masking fields validated, regexes compiled, by the masking schema). */
export const traceSettingsInputSchema = z.object({
  sampleRate: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"),
  masking: maskingConfigSchema,
  /** Absent: the stored value stays (clients from before this field keep working). */
  personaDimension: z.string().trim().min(1, "must not be empty").max(100).optional(),
});
export type TraceSettingsInput = z.input<typeof traceSettingsInputSchema>;

function allRules(stored: Record<string, boolean>): Record<BuiltinRuleId, boolean> {
  return Object.fromEntries(BUILTIN_RULE_IDS.map((id) => [id, stored[id] !== false])) as Record<BuiltinRuleId, boolean>;
}

export async function getTraceSettings(db: Db, projectId: string): Promise<TraceSettings> {
  const [row] = await db.select().from(traceSettings).where(eq(traceSettings.projectId, projectId)).limit(1);
  return {
    sampleRate: row?.sampleRate ?? 1,
    masking: {
      enabled: row?.maskingEnabled ?? true,
      rules: allRules(row?.maskingRules ?? {}),
      customPatterns: row?.customPatterns ?? [],
      dropPayloads: row?.dropPayloads ?? false,
    },
    personaDimension: row?.personaDimension ?? "persona",
    updatedAt: row ? row.updatedAt.toISOString() : null,
  };
}

/** Replaces the project's settings; an invalid input throws before anything is written. */
export async function updateTraceSettings(db: Db, actor: Principal, input: TraceSettingsInput): Promise<TraceSettings> {
  const parsed = traceSettingsInputSchema.parse(input);
  const values = {
    sampleRate: parsed.sampleRate,
    maskingEnabled: parsed.masking.enabled,
    maskingRules: allRules(parsed.masking.rules),
    customPatterns: parsed.masking.customPatterns.map((p) => (p.flags ? { label: p.label, pattern: p.pattern, flags: p.flags } : { label: p.label, pattern: p.pattern })),
    dropPayloads: parsed.masking.dropPayloads,
    ...(parsed.personaDimension ? { personaDimension: parsed.personaDimension } : {}),
    updatedAt: new Date(),
  };
  const result = await db.transaction(async (tx) => {
    const before = await getTraceSettings(tx, actor.projectId);
    await tx
      .insert(traceSettings)
      .values({ projectId: actor.projectId, ...values })
      .onConflictDoUpdate({ target: traceSettings.projectId, set: values });
    const after = await getTraceSettings(tx, actor.projectId);
    await auditAs(tx, actor, {
      action: "trace_settings.updated",
      targetType: "project",
      targetId: actor.projectId,
      details: {
        before: { sampleRate: before.sampleRate, masking: before.masking, personaDimension: before.personaDimension },
        after: { sampleRate: after.sampleRate, masking: after.masking, personaDimension: after.personaDimension },
      },
    });
    return after;
  });
  await invalidateIngestConfig(actor.projectId);
  return result;
}
