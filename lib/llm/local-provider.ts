import type { GenerateRequest, GenerateResult, LlmProvider } from "./types";

// Deterministic local generator: hand-written templates per prompt, filled with the aggregated facts only.
// Several wordings per prompt, so a rejected text can be retried with another template.
type Template = (v: Record<string, string | number>) => string;

const weekly: Template[] = [
  (v) =>
    `This week you had ${v.sessionCount} ${v.sessionCount === 1 ? "conversation" : "conversations"}. The moods that showed up most were ${v.topEmotions}. ` +
    `Your overall tone was ${v.toneWord}, ${v.valenceShiftWords} compared with last week. The most common pattern across your sessions was ${v.topPatterns}.`,
  (v) =>
    `Across ${v.sessionCount} ${v.sessionCount === 1 ? "session" : "sessions"} this week, ${v.topEmotions} stood out. ` +
    `Overall your conversations felt ${v.toneWord}, ${v.valenceShiftWords} versus the week before, and ${v.topPatterns} was the pattern you met most often.`,
  (v) => `Week in brief: ${v.sessionCount} sessions, mostly ${v.topEmotions}, with a ${v.toneWord} overall tone (${v.valenceShiftWords} vs last week).`,
];

const monthly: Template[] = [
  (v) =>
    `In ${v.periodLabel} you had ${v.sessionCount} conversations. The moods most present were ${v.topEmotions}. ` +
    `Your overall tone was ${v.toneWord}, ${v.valenceShiftWords} compared with the previous month. ` +
    `The patterns you met most often were ${v.topPatterns}. ${v.notableSentence}`,
  (v) =>
    `${v.periodLabel} at a glance: ${v.sessionCount} sessions, with ${v.topEmotions} showing up most. ` +
    `The month felt ${v.toneWord} overall, ${v.valenceShiftWords} against the month before, and ${v.topPatterns} were your most common session patterns. ${v.notableSentence}`,
  (v) => `${v.periodLabel}: ${v.sessionCount} sessions, mostly ${v.topEmotions}; overall tone ${v.toneWord}, ${v.valenceShiftWords} vs the previous month.`,
];

const templates: Record<string, Template[]> = { "spectrum-weekly": weekly, "spectrum-monthly": monthly };

export class LocalTemplateProvider implements LlmProvider {
  readonly id = "local";
  readonly deterministic = true;

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const list = templates[request.prompt.name];
    if (!list) throw new Error(`no local template for prompt ${request.prompt.name}`);
    if (request.variant >= list.length) throw new Error(`no more local templates for ${request.prompt.name} (tried ${list.length})`);
    const text = list[request.variant](request.variables).replace(/\s+/g, " ").trim();
    return { text, provider: this.id, model: `template-${request.prompt.name}-${request.variant + 1}`, inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0 };
  }
}
