export { instruments, metricsText } from "./registry";
export { recordCacheLookup, recordHttpRequest, recordIngestItems, recordJobAttempt, recordLlmCall, setJobLedgerGauges, type IngestOutcome } from "./record";
