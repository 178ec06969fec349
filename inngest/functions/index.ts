import type { AnyJob } from "@/lib/jobs/define";
import { housekeeping } from "./housekeeping";
import { experimentResults } from "./experiment-results";
import { spectrumSessionAnalysis } from "./spectrum-session-analysis";
import { spectrumWeekly } from "./spectrum-weekly";
import { spectrumMonthly } from "./spectrum-monthly";
import { spectrumUserRecompute } from "./spectrum-user-recompute";
import { monitoringRollups } from "./monitoring-rollups";
import { monitoringDetection } from "./monitoring-detection";
import { monitoringDrift } from "./monitoring-drift";
import { monitoringForecasts } from "./monitoring-forecasts";
import { ingestMerge } from "./ingest-merge";
import { userProfiles } from "./user-profiles";
import { insightsRootCause } from "./insights-root-cause";
import { sentimentAnalysis } from "./sentiment-analysis";
import { cohortsRefresh } from "./cohorts-refresh";
import { evaluationRun } from "./evaluation-run";
import { personalizationTrain } from "./personalization-train";
import { personaWeightsRefit } from "./persona-weights-refit";
import { personalizationFeedbackRetry } from "./personalization-feedback-retry";
import { insightsChurnTrain } from "./insights-churn-train";
import { insightsSuggestions } from "./insights-suggestions";
import { insightsTopics } from "./insights-topics";
import { evaluationOnline } from "./evaluation-online";
import { warehouseExport } from "./warehouse-export";
import { warehouseValidate } from "./warehouse-validate";

/** Every background job; both the Inngest endpoint and the embedded runner serve this list. */
export const allJobs: AnyJob[] = [housekeeping, experimentResults, spectrumSessionAnalysis, spectrumWeekly, spectrumMonthly, spectrumUserRecompute, monitoringRollups, monitoringDetection, monitoringDrift, monitoringForecasts, userProfiles, insightsRootCause, sentimentAnalysis, cohortsRefresh, evaluationRun, ingestMerge, personalizationTrain, personalizationFeedbackRetry, personaWeightsRefit, insightsSuggestions, insightsChurnTrain, evaluationOnline, insightsTopics, warehouseExport, warehouseValidate];
