// Prism's own shapes for ingested traces. These are what the ingestion path
// writes; everything OTLP-specific stays in otlp.ts so storage code never has
// to know which SDK produced a span.

/** A plain JSON-compatible value, as decoded from an OTLP AnyValue. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

export const OBSERVATION_TYPES = [
  "span",
  "generation",
  "tool",
  "retrieval",
  "embedding",
  "agent",
  "event",
] as const;
export type ObservationType = (typeof OBSERVATION_TYPES)[number];

export const OBSERVATION_LEVELS = ["DEBUG", "DEFAULT", "WARNING", "ERROR"] as const;
export type ObservationLevel = (typeof OBSERVATION_LEVELS)[number];

/** Token counts as reported by the client. Absent counts stay undefined. */
export interface Usage {
  input?: number;
  output?: number;
  total?: number;
  cacheRead?: number;
  cacheWrite?: number;
  /**
   * Whether `input` already contains the cache tokens. Only set when the
   * emitting convention defines it (OpenInference, OTel GenAI dotted cache
   * attributes, AI SDK v6 token details); otherwise the matched price decides.
   */
  inputIncludesCache?: boolean;
}

/** USD amounts. Client-sent costs often only carry a total. */
export interface CostBreakdown {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  total: number;
}

export interface ObservationEvent {
  name: string;
  time: Date;
  attributes: Attributes;
}

export interface ObservationRecord {
  id: string;
  traceId: string;
  parentObservationId: string | null;
  type: ObservationType;
  name: string;
  startTime: Date;
  endTime: Date | null;
  level: ObservationLevel;
  statusMessage: string | null;
  model: string | null;
  provider: string | null;
  modelParameters: Attributes | null;
  usage: Usage | null;
  cost: CostBreakdown | null;
  /** "client" when the span carried a cost, "computed" once priced by us. */
  costSource: "client" | "computed" | null;
  /** Id of the ModelPrice used when costSource is "computed". */
  priceId: string | null;
  input: AttributeValue | undefined;
  output: AttributeValue | undefined;
  metadata: Attributes;
  events: ObservationEvent[];
  environment: string;
  sessionId: string | null;
  userId: string | null;
  conversationId: string | null;
  tags: string[];
}

/**
 * Partial trace information seen in one batch. Spans of a trace arrive across
 * batches, so storage must merge these (first non-null wins, tags union).
 */
export interface TraceUpsert {
  id: string;
  /** Root span name (or prism.trace.name); null until the root span arrives. */
  name: string | null;
  userId: string | null;
  sessionId: string | null;
  environment: string;
  /** prism.release, else the resource's service.version. */
  release: string | null;
  /** prism.version: the application/prompt version the user tagged. */
  version: string | null;
  tags: string[];
  /** Root span start when present, else the earliest span start in the batch. */
  timestamp: Date;
  /** True when this batch contained the root span. */
  hasRoot: boolean;
  metadata: Attributes;
}
