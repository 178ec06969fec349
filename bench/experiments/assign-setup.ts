// The experiment both assign benchmarks call: three variants with parameters, targeting on plan, running.
import type { Db } from "@/db/client";
import { changeStatus, createExperiment } from "@/lib/experiments/store/experiments";
import { createExperimentSchema } from "@/lib/experiments/definition";
import { benchProject } from "../scratch-db";

export async function runningAssignExperiment(db: Db) {
  const { project, actor } = await benchProject(db);
  const experiment = await createExperiment(db, actor, createExperimentSchema.parse({
    key: "bench-assign",
    name: "Bench assign",
    variants: [
      { key: "control", weight: 0.34, parameters: { prompt: "assistant/v1" } },
      { key: "v2", weight: 0.33, parameters: { prompt: "assistant/v2" } },
      { key: "v3", weight: 0.33, parameters: { prompt: "assistant/v3" } },
    ],
    goalMetrics: ["thumbs_up_rate"],
    targeting: { plan: ["pro", "team"] },
  }));
  const running = await changeStatus(db, actor, experiment.key, "start");
  return { project, running };
}

/** Call i's body: a quarter of the calls repeat an earlier user (their exposure is already logged). */
export const assignUserOf = (i: number) => `user-${i % 4 === 3 ? i - 3 : i}`;
export const assignBody = (i: number) => JSON.stringify({ userId: assignUserOf(i), attributes: { plan: i % 2 ? "pro" : "team" } });
export const expectedExposures = (calls: number) => calls - Math.floor(calls / 4);
