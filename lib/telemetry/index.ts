export { trackLlmCall, INTERNAL_ENVIRONMENT, INTERNAL_TAG, type LlmCallSpec, type LlmCallOutcome, type TrackOptions } from "./track-llm-call";
export { trackedProvider } from "./tracked-provider";
