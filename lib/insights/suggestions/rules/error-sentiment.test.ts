import { expect, test } from "vitest";
import { errorSentimentRule } from "./error-sentiment";
import { binomialSample, emptyInputs } from "./generated";

const sample = (name: string, failed: number, pFailed: number, ok: number, pOk: number) => ({
  observationName: name,
  failedTraces: failed,
  failedNegative: binomialSample(11, failed, pFailed),
  okTraces: ok,
  okNegative: binomialSample(12, ok, pOk),
});

test("fires when a tool's failures are followed by negative sentiment far more often than its successes", () => {
  const out = errorSentimentRule(emptyInputs({ errorSentiment: [sample("run_sql", 80, 0.6, 400, 0.1)] }));
  expect(out).toHaveLength(1);
  expect(out[0].key).toBe("error-sentiment:run_sql");
  expect(Number(out[0].evidence.riskRatio)).toBeGreaterThan(3);
  expect(out[0].severity).toBe("high");
});

test("stays silent when sentiment after failures is no worse, or failures are too few", () => {
  expect(errorSentimentRule(emptyInputs({ errorSentiment: [sample("run_sql", 80, 0.1, 400, 0.1)] }))).toEqual([]);
  expect(errorSentimentRule(emptyInputs({ errorSentiment: [sample("run_sql", 10, 0.9, 400, 0.1)] }))).toEqual([]);
});
