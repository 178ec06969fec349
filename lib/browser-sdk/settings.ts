// The browser client's rules for a project: consent, UI sampling, the incident burst and the origins allowed to send.
import { z } from "zod";

export interface BrowserSdkSettings {
  requireConsent: boolean;
  uiSampleRate: number;
  burstUntil: Date | null;
  allowedOrigins: string[];
  updatedAt: Date | null;
}

export const DEFAULT_BROWSER_SDK_SETTINGS: BrowserSdkSettings = {
  requireConsent: false,
  uiSampleRate: 0.2,
  burstUntil: null,
  allowedOrigins: [],
  updatedAt: null,
};

/** The longest burst an admin can switch on at once: a forgotten burst must not keep 100% sampling for good. */
export const MAX_BURST_MINUTES = 24 * 60;

const origin = z
  .string()
  .trim()
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      if ((url.protocol === "https:" || url.protocol === "http:") && url.origin === value.replace(/\/$/, "")) return url.origin;
    } catch {
      /* reported below */
    }
    ctx.addIssue({ code: "custom", message: `"${value}" is not an origin (scheme://host[:port], no path)` });
    return z.NEVER;
  });

export const browserSdkSettingsInputSchema = z.object({
  requireConsent: z.boolean(),
  uiSampleRate: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1"),
  /** Minutes from now to keep every event (0 ends a burst). */
  burstMinutes: z.number().int().min(0).max(MAX_BURST_MINUTES, `must be at most ${MAX_BURST_MINUTES}`),
  allowedOrigins: z.array(origin).max(50, "at most 50 origins"),
});
export type BrowserSdkSettingsInput = z.input<typeof browserSdkSettingsInputSchema>;

/** What `GET /api/public/sdk-config` serves to pages (the shape /sdk/prism.js reads). */
export interface BrowserClientConfig {
  requireConsent: boolean;
  burst: boolean;
  sampling: { default: number; events: Record<string, number> };
}

/** The per-event rates of the project's catalog (an event it does not name goes at the UI rate). */
export function catalogSampleRates(events: { name: string; samplingRate: number }[]): Record<string, number> {
  return Object.fromEntries(events.map((e) => [e.name, e.samplingRate]));
}

export function clientConfig(settings: BrowserSdkSettings, eventRates: Record<string, number>, now: Date): BrowserClientConfig {
  return {
    requireConsent: settings.requireConsent,
    burst: settings.burstUntil !== null && settings.burstUntil > now,
    sampling: { default: settings.uiSampleRate, events: eventRates },
  };
}

/** A page may send when the project allows any origin, or names the page's (requests without Origin are not pages). */
export function originAllowed(settings: BrowserSdkSettings, requestOrigin: string | null): boolean {
  if (settings.allowedOrigins.length === 0) return true;
  return requestOrigin !== null && settings.allowedOrigins.includes(requestOrigin);
}
