import { expect, test } from "vitest";
import { DEFAULT_ROLES } from "@/lib/catalog/definition";
import { createExperimentSchema } from "./definition";
import { experimentWithRoleEvents } from "./role-presets";

const roles = { ...DEFAULT_ROLES, message: "chat.turn", feedback: "rating" };
const parsed = createExperimentSchema.parse({
  key: "exp",
  name: "Exp",
  variants: [
    { key: "a", weight: 0.5 },
    { key: "b", weight: 0.5 },
  ],
  goalMetrics: [
    "error_rate",
    "thumbs_up_rate",
    { key: "custom", name: "Custom", type: "count", numerator: { events: ["message_sent"] }, windowHours: 24 },
  ],
  guardrails: [{ metric: "messages_per_session", threshold: 0.05 }],
});

test("presets count the catalog's role events; a definition written out in full keeps its own events", () => {
  const out = experimentWithRoleEvents(parsed, roles);
  expect(out.goalMetrics.map((m) => [m.key, m.numerator?.events, m.denominator?.events])).toEqual([
    ["error_rate", ["error"], ["chat.turn", "error"]],
    ["thumbs_up_rate", ["rating"], ["rating"]],
    ["custom", ["message_sent"], undefined],
  ]);
  expect(out.goalMetrics[1].numerator?.where).toEqual({ thumbs: "up" });
  expect(out.guardrails[0].metric.numerator?.events).toEqual(["chat.turn"]);
  expect(out.guardrails[0].metric.denominator?.events).toEqual(["session_started"]);
});

test("with the default roles nothing changes", () => {
  expect(experimentWithRoleEvents(parsed, DEFAULT_ROLES)).toEqual(parsed);
});
