// Executes a dataset run's prompt version over its items (the logic is lib/evaluation/store/execute-run.ts).
import { defineJob } from "@/lib/jobs/define";
import { EVALUATION_RUN_REQUESTED, evaluationRunKey, type EvaluationRunEvent } from "@/lib/evaluation/jobs";
import { executePromptRun } from "@/lib/evaluation/store/execute-run";
import { promptExecutor } from "@/lib/evaluation/prompt-executor";

export const evaluationRun = defineJob<EvaluationRunEvent>({
  id: "evaluation-run",
  name: "Dataset run of a prompt version",
  triggers: [{ event: EVALUATION_RUN_REQUESTED }],
  retries: 3,
  idempotencyKey: (e) => evaluationRunKey(e.data),
  handler: async ({ event, step, db }) => {
    const { projectId, runId } = event.data;
    return step.run("execute", () => executePromptRun(db, projectId, runId, promptExecutor()));
  },
});
