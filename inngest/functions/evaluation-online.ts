// Every minute: each enabled evaluation rule scores the sampled, matching traces that arrived since its cursor
// (logic: lib/evaluation/store/online-evaluation.ts). One step per project; a rule's batches commit as they go.
import { defineJob } from "@/lib/jobs/define";
import { EVALUATION_ONLINE_REQUESTED, type EvaluationOnlineEvent } from "@/lib/evaluation/online/jobs";
import { evaluateProjectRules } from "@/lib/evaluation/store/online-evaluation";
import { projectsWithEnabledRules } from "@/lib/evaluation/store/evaluation-rules";
import { promptExecutor } from "@/lib/evaluation/prompt-executor";
import { jobNow } from "./per-project";

export { EVALUATION_ONLINE_REQUESTED };

export const evaluationOnline = defineJob<EvaluationOnlineEvent>({
  id: "evaluation-online",
  name: "Online evaluation of new traces",
  triggers: [{ cron: "* * * * *" }, { event: EVALUATION_ONLINE_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const projects = event.data.projectId ? [event.data.projectId] : await step.run("list-projects", () => projectsWithEnabledRules(db));
    const results = [];
    for (const projectId of projects) {
      results.push({ projectId, rules: await step.run(`project-${projectId}`, () => evaluateProjectRules(db, projectId, { now, executor: promptExecutor() })) });
    }
    return { projects: results.length, results };
  },
});
