import { expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import * as emotions from "@/app/api/v1/analyze/emotions/route";

const t = seededDatabase();
const post = (body: unknown) =>
  call(emotions.POST, "/api/v1/analyze/emotions", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body });

test("returns one vector per text, in order, with the analysis version", async () => {
  const res = await post({ texts: ["Thank you so much, this really helped!", "I'm so frustrated, nothing works and I give up."] });
  expect(res.status).toBe(200);
  expect(res.json.analysisVersion).toBe("lexicon-v1");
  const [thanks, fed_up] = res.json.results;
  expect(thanks.dominant).toBe("gratitude");
  expect(thanks.valence).toBeGreaterThan(0);
  expect(fed_up.valence).toBeLessThan(0);
  expect(fed_up.emotions.frustration).toBeGreaterThan(fed_up.emotions.joy);
});

test("bad input is a 400 naming the field", async () => {
  const empty = await post({ texts: [] });
  expect(empty.status).toBe(400);
  expect(empty.json.error.message).toMatch(/^texts:/);
  const tooMany = await post({ texts: Array.from({ length: 101 }, () => "hi") });
  expect(tooMany.status).toBe(400);
  expect((await post({ texts: [""] })).json.error.message).toMatch(/^texts\.0:/);
});
