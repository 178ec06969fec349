import { defineJob } from "@/lib/jobs/define";
import { sentimentAnalyzer } from "@/lib/sentiment/analyzer";
import { SENTIMENT_ANALYSIS_REQUESTED, type SentimentAnalysisEvent } from "@/lib/sentiment/jobs";
import { SENTIMENT_BATCH, analyzePendingTraces, type TraceKey } from "@/lib/sentiment/store/analyze-traces";
import { forEachProject, jobNow } from "./per-project";

/** Batches per project and run; what is left waits for the next minute's run. */
const MAX_BATCHES = 25;

/**
 * Every minute and after trace ingest: the sentiment of traces not analysed yet (or changed since), per project in
 * steps of SENTIMENT_BATCH traces. Each step writes its rows, so a crash loses at most the step in flight and a retry
 * finds only what is still pending.
 */
export const sentimentAnalysis = defineJob<SentimentAnalysisEvent>({
  id: "sentiment-analysis",
  name: "Sentiment of end-user text",
  triggers: [{ cron: "* * * * *" }, { event: SENTIMENT_ANALYSIS_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const analyzer = sentimentAnalyzer();
    const results = await forEachProject(db, step, event.data.projectId, async (projectId) => {
      let analysed = 0;
      let examined = 0;
      // Each step continues after the last trace of the one before (a replayed step returns its recorded result).
      let after: TraceKey | undefined;
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const from = after;
        const r = await step.run(`analyse-${projectId}-${batch}`, () => analyzePendingTraces(db, projectId, analyzer, { now, after: from }));
        analysed += r.analysed;
        examined += r.examined;
        after = r.last;
        if (r.examined < SENTIMENT_BATCH) break;
      }
      return { projectId, examined, analysed };
    });
    return { projects: results.length, results };
  },
});
