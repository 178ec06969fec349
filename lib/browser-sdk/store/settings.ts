// Reads and audited updates of a project's browser client settings.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { browserSdkSettings } from "@/db/schema";
import { auditAs } from "@/lib/audit/record";
import type { Principal } from "@/lib/auth/session";
import { browserSdkSettingsInputSchema, DEFAULT_BROWSER_SDK_SETTINGS, type BrowserSdkSettings, type BrowserSdkSettingsInput } from "../settings";

export async function getBrowserSdkSettings(db: Db, projectId: string): Promise<BrowserSdkSettings> {
  const [row] = await db.select().from(browserSdkSettings).where(eq(browserSdkSettings.projectId, projectId)).limit(1);
  if (!row) return { ...DEFAULT_BROWSER_SDK_SETTINGS };
  return { requireConsent: row.requireConsent, uiSampleRate: row.uiSampleRate, burstUntil: row.burstUntil, allowedOrigins: row.allowedOrigins, updatedAt: row.updatedAt };
}

export async function updateBrowserSdkSettings(db: Db, actor: Principal, input: BrowserSdkSettingsInput, now: Date): Promise<BrowserSdkSettings> {
  const parsed = browserSdkSettingsInputSchema.parse(input);
  const values = {
    requireConsent: parsed.requireConsent,
    uiSampleRate: parsed.uiSampleRate,
    burstUntil: parsed.burstMinutes > 0 ? new Date(now.getTime() + parsed.burstMinutes * 60_000) : null,
    allowedOrigins: [...new Set(parsed.allowedOrigins)],
    updatedAt: now,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(browserSdkSettings)
      .values({ projectId: actor.projectId, ...values })
      .onConflictDoUpdate({ target: browserSdkSettings.projectId, set: values });
    await auditAs(tx, actor, {
      action: "browser_sdk_settings.updated",
      targetType: "project",
      targetId: actor.projectId,
      details: { requireConsent: values.requireConsent, uiSampleRate: values.uiSampleRate, burstUntil: values.burstUntil?.toISOString() ?? null, allowedOrigins: values.allowedOrigins },
    });
  });
  return getBrowserSdkSettings(db, actor.projectId);
}
