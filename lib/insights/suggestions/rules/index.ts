// Every suggestion rule the insights-suggestions job runs, in the order their findings are listed.
import type { SuggestionRule } from "../types";
import { cheaperModelRule } from "./cheaper-model";
import { cohortRetentionRule } from "./cohort-retention";
import { errorSentimentRule } from "./error-sentiment";
import { experimentDecisionRule } from "./experiment-decision";
import { growingTopicRule } from "./growing-topic";
import { personaEffectivenessRule } from "./persona-effectiveness";
import { promptRegressionRule } from "./prompt-regression";

export const SUGGESTION_RULES: readonly SuggestionRule[] = [experimentDecisionRule, promptRegressionRule, errorSentimentRule, cohortRetentionRule, cheaperModelRule, growingTopicRule, personaEffectivenessRule];
