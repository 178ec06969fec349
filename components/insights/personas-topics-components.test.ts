// The persona and topic tables render the report as it is: samples next to shares, "no data yet" instead of zeros,
// examples linking to their traces.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { personaReport } from "@/lib/insights/personas/report";
import { estimateShare } from "@/lib/primitives/proportion";
import { PersonaTable } from "./persona-table";
import { TopicTable } from "./topic-table";

describe("persona and topic tables", () => {
  it("shows each persona's shares with their samples, and no invented figures", () => {
    const r = personaReport({
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-11-29T00:00:00Z"),
      dimension: "persona",
      hours: [
        { persona: "coach", hour: 9, traces: 30, rated: 25, satisfied: 20, thumbsUp: 20, thumbsDown: 5 },
        { persona: "tutor", hour: 9, traces: 10, rated: 0, satisfied: 0, thumbsUp: 0, thumbsDown: 0 },
      ],
      conversations: [{ persona: "coach", conversations: 10, cost: 0.5, sentimentConversations: 4, sentimentChangeSum: 1 }],
      retention: [],
    });
    const html = renderToStaticMarkup(createElement(PersonaTable, { personas: r.personas }));
    expect(html).toContain("75.0% (30 traces)");
    expect(html).toContain("80% (20 of 25; 95% CI");
    expect(html).toContain("+0.25 (4 conversations)");
    // tutor: no feedback, no conversations measured, no eligible users.
    expect(html.match(/no data yet/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it("lists topics with their trend and examples linking to traces", () => {
    const topic = {
      topic: 0,
      label: "refund · invoice · charged",
      terms: ["refund", "invoice", "charged"],
      size: 12,
      share: 0.5,
      thisWeek: 9,
      lastWeek: 1,
      satisfaction: estimateShare(0, 0),
      sentiment: { traces: 0, meanPolarity: null },
      meanCost: 0.02,
      examples: [{ traceId: "tr 1", text: "I was charged twice, refund my invoice [EMAIL]", href: "/traces/tr%201" }],
    };
    const html = renderToStaticMarkup(createElement(TopicTable, { topics: [topic] }));
    expect(html).toContain("#1 refund · invoice · charged");
    expect(html).toContain("1 → 9");
    expect(html).toContain('href="/traces/tr%201"');
    expect(html).toContain("refund my invoice [EMAIL]");
    expect(html.match(/no data yet/g)).toHaveLength(2);
  });
});
