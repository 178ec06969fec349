// The persona effectiveness report from aggregated rows (pure): usage share by UTC hour, satisfaction with its
// Wilson interval, sentiment change within conversations, next-week return of each persona's main users, cost per
// conversation, and flags tested with the pooled two-proportion z-test (Bonferroni-corrected over personas).
import { estimateShare } from "@/lib/primitives/proportion";
import { twoProportionTest } from "../suggestions/stats";
import type { PersonaFlag, PersonaInputs, PersonaReport, PersonasReply } from "./types";

export const MAX_PERSONAS = 12;
/** Feedback needed on each side before satisfaction is compared. */
export const MIN_RATED = 20;
/** Feedback needed in an hour before the hour's satisfaction is compared. */
export const MIN_RATED_PER_HOUR = 5;
export const ALPHA = 0.05;
/** An hour is underused when the persona carries less than this fraction of its fair share (1 / personas). */
export const UNDERUSED_FRACTION = 0.5;

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function personaReport(inputs: PersonaInputs): PersonasReply {
  const names = new Set([...inputs.hours.map((h) => h.persona), ...inputs.conversations.map((c) => c.persona)]);
  const hourTotals = new Array<number>(24).fill(0);
  for (const h of inputs.hours) hourTotals[h.hour] += h.traces;
  const totalTraces = hourTotals.reduce((a, b) => a + b, 0);
  const all = [...names].map((persona) => {
    const hours = inputs.hours.filter((h) => h.persona === persona);
    const sum = (f: (h: (typeof hours)[number]) => number) => hours.reduce((a, h) => a + f(h), 0);
    return { persona, hours, traces: sum((h) => h.traces), rated: sum((h) => h.rated), satisfied: sum((h) => h.satisfied), up: sum((h) => h.thumbsUp), down: sum((h) => h.thumbsDown) };
  });
  all.sort((a, b) => b.traces - a.traces || a.persona.localeCompare(b.persona));
  const fairShare = all.length > 0 ? 1 / all.length : 0;
  const alpha = ALPHA / Math.max(1, all.length);
  const totalRated = all.reduce((a, p) => a + p.rated, 0);
  const totalSatisfied = all.reduce((a, p) => a + p.satisfied, 0);

  const personas: PersonaReport[] = all.slice(0, MAX_PERSONAS).map((p) => {
    const conv = inputs.conversations.find((c) => c.persona === p.persona);
    const ret = inputs.retention.find((r) => r.persona === p.persona);
    const byHour = hourTotals.map((total, hour) => {
      const traces = p.hours.find((h) => h.hour === hour)?.traces ?? 0;
      return { hour, traces, share: total > 0 ? traces / total : null };
    });
    const flags: PersonaFlag[] = [];
    const restRated = totalRated - p.rated;
    const test = all.length > 1 && p.rated >= MIN_RATED && restRated >= MIN_RATED ? twoProportionTest(totalSatisfied - p.satisfied, restRated, p.satisfied, p.rated) : null;
    if (test && test.pValue < alpha && test.diff < 0) {
      flags.push({
        kind: "underperforming",
        pValue: test.pValue,
        alpha,
        satisfaction: test.p2,
        othersSatisfaction: test.p1,
        hours: [],
        message: `${pct(test.p2)} satisfied against ${pct(test.p1)} for the other personas (two-proportion z-test p = ${test.pValue.toPrecision(2)}).`,
      });
    }
    if (test && test.pValue < alpha && test.diff > 0) {
      // Hours where it does at least as well as the rest (or has too little feedback there to say otherwise)...
      const goodHours = byHour.filter(({ hour }) => {
        const own = p.hours.find((h) => h.hour === hour);
        const rest = all.filter((o) => o !== p).flatMap((o) => o.hours.filter((h) => h.hour === hour));
        const restRatedH = rest.reduce((a, h) => a + h.rated, 0);
        if (!own || own.rated < MIN_RATED_PER_HOUR || restRatedH < MIN_RATED_PER_HOUR) return true;
        return own.satisfied / own.rated >= rest.reduce((a, h) => a + h.satisfied, 0) / restRatedH;
      });
      // ...yet it carries under half its fair share of that hour's traffic.
      const hours = goodHours.filter((h) => h.share !== null && h.share < UNDERUSED_FRACTION * fairShare).map((h) => h.hour);
      if (hours.length > 0) {
        flags.push({
          kind: "underused",
          pValue: test.pValue,
          alpha,
          satisfaction: test.p2,
          othersSatisfaction: test.p1,
          hours,
          message: `${pct(test.p2)} satisfied against ${pct(test.p1)} for the others (p = ${test.pValue.toPrecision(2)}), yet under ${pct(UNDERUSED_FRACTION * fairShare)} of traffic at ${hours.length} UTC hour(s).`,
        });
      }
    }
    return {
      persona: p.persona,
      traces: p.traces,
      usageShare: totalTraces > 0 ? p.traces / totalTraces : 0,
      byHour,
      satisfaction: estimateShare(p.satisfied, p.rated),
      thumbs: { up: p.up, down: p.down },
      conversations: conv?.conversations ?? 0,
      costPerConversation: conv && conv.conversations > 0 ? conv.cost / conv.conversations : null,
      sentimentChange: { conversations: conv?.sentimentConversations ?? 0, mean: conv && conv.sentimentConversations > 0 ? conv.sentimentChangeSum / conv.sentimentConversations : null },
      retention: { ...estimateShare(ret?.returned ?? 0, ret?.eligible ?? 0), users: ret?.users ?? 0 },
      flags,
    };
  });
  return { from: inputs.from.toISOString(), to: inputs.to.toISOString(), dimension: inputs.dimension, totalTraces, personas, omitted: Math.max(0, all.length - MAX_PERSONAS) };
}
