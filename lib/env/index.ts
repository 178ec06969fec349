import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL").optional(),
  ),
  PRISM_DATA_DIR: z.string().default("./.data"),
  // Warm and cold tiers: a local folder, a file:// URL, or s3://bucket/prefix (an S3-compatible store through the AWS
  // SDK: files are written locally with DuckDB, uploaded, and read back through a local cache under PRISM_DATA_DIR).
  // Unset: PRISM_DATA_DIR/warehouse.
  PRISM_WAREHOUSE_URL: optionalString.pipe(
    z.string().regex(/^(?![a-z][a-z0-9+.-]*:\/\/)|^file:\/\/|^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/|$)/i, "must be a folder path, a file:// URL or s3://bucket/prefix").optional(),
  ),
  // With an s3:// warehouse: the store's endpoint (unset: AWS), region and credentials (else the SDK's default chain).
  AWS_ENDPOINT_URL: optionalString,
  AWS_REGION: optionalString,
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  REDIS_URL: optionalString,
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  INNGEST_DEV: optionalString,
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  // Unset: demo data only on the embedded default (no DATABASE_URL, no PRISM_INIT_*); see lib/bootstrap/startup-plan.
  PRISM_DEMO_DATA: optionalString.pipe(z.enum(["true", "false"]).optional()),
  // The address `npm start` listens on (127.0.0.1 unless set; 0.0.0.0 for every interface).
  PRISM_HOST: optionalString,
  PRISM_INIT_ORG_NAME: optionalString,
  PRISM_INIT_PROJECT_NAME: optionalString,
  PRISM_INIT_PROJECT_PUBLIC_KEY: optionalString,
  PRISM_INIT_PROJECT_SECRET_KEY: optionalString,
  PRISM_INIT_USER_EMAIL: optionalString,
  PRISM_INIT_USER_PASSWORD: optionalString,
  // Reverse proxies in front of Prism that append to X-Forwarded-For (0: none, the header is the client's word).
  PRISM_TRUSTED_PROXIES: z.coerce.number().int("must be a whole number of proxy hops").min(0).max(10).default(0),
  PRISM_JOBS_POLL_MS: z.coerce.number().int().positive().default(1000),
  // Ingest back-pressure: above this many accepted, not yet merged spans, trace ingest answers 429 with Retry-After.
  PRISM_INGEST_MAX_BACKLOG_SPANS: z.coerce.number().int().positive().default(200_000),
  // Spans one merge transaction moves from staging into the indexed tables.
  PRISM_INGEST_MERGE_SPANS: z.coerce.number().int().positive().default(10_000),
  // Prism's own dashboard telemetry (dogfooding): a project's public key; pages send their route names there through
  // /sdk/prism.js, only for people who agreed. Unset: the dashboard sends nothing.
  PRISM_SELF_TELEMETRY_KEY: optionalString.pipe(z.string().regex(/^pk-/, "must be a project's public key (pk-…)").optional()),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.string().url("must be a URL").default("https://api.openai.com/v1"),
  PRISM_LLM_CHEAP_MODEL: z.string().default("gpt-4o-mini"),
  PRISM_LLM_QUALITY_MODEL: z.string().default("gpt-4o"),
  // Sentiment of end-user text: the shipped local model, or (opt-in: user text leaves Prism) the configured LLM.
  PRISM_SENTIMENT_ANALYZER: z.enum(["local", "llm"]).default("local"),
  // Web push for the Spectrum weekly summary (all three, or push is off): `npx web-push generate-vapid-keys`.
  VAPID_PUBLIC_KEY: optionalString,
  VAPID_PRIVATE_KEY: optionalString,
  VAPID_SUBJECT: optionalString.pipe(z.string().regex(/^(mailto:|https:\/\/)/, "must be a mailto: or https:// URL").optional()),
  // Alert emails (monitoring): both, or email alerts are off. smtp://user:pass@host:587 or smtps://…:465.
  // Alert webhooks may only reach public addresses, except these "host:port" entries (comma-separated).
  PRISM_WEBHOOK_ALLOWLIST: optionalString,
  SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\/[^/\s]+/, "must be an smtp:// or smtps:// URL").optional()),
  ALERT_EMAIL_FROM: optionalString.pipe(z.string().email("must be an email address").optional()),
  // Prism's own traces (instrumentation.ts) are made only when one of these says where to send them.
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString,
  // Prism's own JSON logs (pino): fatal, error, warn, info, debug, trace or silent. Unset: info (silent under tests).
  LOG_LEVEL: optionalString.pipe(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "must be fatal, error, warn, info, debug, trace or silent" }).optional()),
  // GET /api/metrics (Prometheus) answers only `Authorization: Bearer <this>`; unset, the endpoint is off (404).
  PRISM_METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses the environment once; a bad value fails start-up with the variable's name and what it should be. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

export function resetEnvCache() {
  cached = undefined;
}

export function inngestConfigured(e: Env = env()): boolean {
  return Boolean(e.INNGEST_DEV || e.INNGEST_EVENT_KEY);
}
