import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, experimentExposures, experiments, organizations, projects } from "@/db/schema";
import type { Role } from "@/lib/auth/permissions";
import { insertApiKey } from "@/lib/tenancy/api-keys";
import { ensureMembership, ensureOrganization, ensureProject, ensureUser } from "@/lib/bootstrap/ensure";
import { generateDemoData, type DemoOptions } from "./generate";
import { demoExperimentRows } from "@/lib/demo/experiments";
import { computeExperimentResults } from "@/lib/experiments/results";
import { seedDemoTraces } from "@/lib/demo/traces";
import { seedSpectrumDemo } from "@/lib/demo/spectrum";
import { seedEvaluationDemo } from "@/lib/demo/evaluation";
import { seedInsightReviewDemo, seedReviewDemo } from "@/lib/demo/review";
import { backfillMonitoring } from "@/lib/monitoring/store/refresh";
import { ledgerRecorder } from "@/lib/jobs/inline-run";
import { EXPERIMENT_RESULTS_REQUESTED, INSIGHTS_CHURN_TRAIN_REQUESTED, INSIGHTS_SUGGESTIONS_REQUESTED, INSIGHTS_TOPICS_REQUESTED, FEATURES_MATERIALIZE_REQUESTED, FEATURES_PARITY_REQUESTED, PERSONALIZATION_TRAIN_REQUESTED, SENTIMENT_ANALYSIS_REQUESTED, SPECTRUM_WEEKLY_REQUESTED, USER_PROFILES_REQUESTED } from "@/lib/jobs/catalog";
import { demoIdentifies, seedDemoUsers } from "@/lib/demo/users";
import { refreshProfileChunk } from "@/lib/users/refresh-profiles";
import { seedPersonalizationDemo, seedRankingExperimentDemo } from "@/lib/demo/personalization";
import { trainProjectModel } from "@/lib/personalization/training";
import { materializeFeatures } from "@/lib/personalization/features/materialize";
import { checkFeatureParity } from "@/lib/personalization/features/parity";
import { getOnlineStore } from "@/lib/personalization/features/online-store";
import { countStoredEvents, shippedCatalog } from "@/lib/catalog/shipped";
import { saveCatalog } from "@/lib/catalog/store/catalogs";
import { analyzePendingTraces, SENTIMENT_BATCH, type TraceKey } from "@/lib/sentiment/store/analyze-traces";
import { sentimentAnalyzer } from "@/lib/sentiment/analyzer";
import { runSuggestions } from "@/lib/insights/suggestions/run";
import { trainProjectChurnIfReady } from "@/lib/insights/churn/training";
import { runTopics } from "@/lib/insights/topics/run";

export const DEMO_ORG = "Acme AI (demo)";
export const DEMO_PROJECT = "Acme Assistant";
export const DEMO_PASSWORD = "prism-demo";
export const demoLogins: { role: Role; email: string; endUserId?: string }[] = [
  { role: "owner", email: "owner@demo.prism.dev" },
  { role: "admin", email: "admin@demo.prism.dev" },
  { role: "analyst", email: "analyst@demo.prism.dev" },
  { role: "viewer", email: "viewer@demo.prism.dev" },
  { role: "member", email: "member@demo.prism.dev", endUserId: "user_0001" },
];

export interface DemoSeedResult {
  created: boolean;
  projectId: string;
  apiKey?: { publicKey: string; secretKey: string };
  events: number;
}

async function insertInChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Creates the demo organization once (users of every role, a key, the generated dataset); later starts find it. */
export async function seedDemo(db: Db, options: DemoOptions = {}): Promise<DemoSeedResult> {
  const [existing] = await db
    .select({ projectId: projects.id })
    .from(organizations)
    .innerJoin(projects, eq(projects.orgId, organizations.id))
    .where(eq(organizations.name, DEMO_ORG))
    .limit(1);
  if (existing) return { created: false, projectId: existing.projectId, events: 0 };

  const data = generateDemoData(options);
  // The demo's one clock: every generated row and every set-up pass below is as of the end of the generated data (the
  // wall clock when no anchor is given), so the same seed and anchor give the same rows at any hour.
  const now = data.generatedUntil;
  const seeded = await db.transaction(async (tx) => {
    const org = await ensureOrganization(tx, DEMO_ORG);
    const project = await ensureProject(tx, org.id, DEMO_PROJECT);
    for (const login of demoLogins) {
      const user = await ensureUser(tx, login.email, DEMO_PASSWORD, { name: `Demo ${login.role}`, isDemo: true });
      await ensureMembership(tx, org.id, user.id, login.role, login.endUserId);
    }
    const apiKey = await insertApiKey(tx, project.id, "Demo key");
    await insertInChunks(data.events, 2000, (chunk) =>
      tx.insert(events).values(chunk.map((e) => ({ ...e, projectId: project.id }))),
    );
    // The demo product's event catalog (catalog/demo.yaml), with the seeded events counted on the Data quality page.
    const catalog = shippedCatalog("demo");
    await saveCatalog(tx, project.id, catalog, now);
    await countStoredEvents(tx, project.id, catalog, data.events, now);
    await seedDemoUsers(tx, project.id, demoIdentifies(data.endUsers, data.firstDay, now, options.seed), data.events);
    const experimentIds = new Map<string, string>();
    for (const values of demoExperimentRows(project.id, data.experimentStart)) {
      const [row] = await tx.insert(experiments).values(values).returning({ id: experiments.id });
      experimentIds.set(values.key, row.id);
    }
    await insertInChunks(data.exposures, 2000, (chunk) =>
      tx.insert(experimentExposures).values(
        chunk.map(({ experimentKey, ...x }) => ({ ...x, projectId: project.id, experimentId: experimentIds.get(experimentKey)! })),
      ),
    );
    await seedDemoTraces(tx, project.id, { seed: options.seed, anchor: now });
    const analyst = await ensureUser(tx, "analyst@demo.prism.dev", DEMO_PASSWORD, { name: "Demo analyst", isDemo: true });
    const analystActor = { projectId: project.id, orgId: org.id, userId: analyst.id, email: "analyst@demo.prism.dev", apiKeyId: null };
    await seedEvaluationDemo(tx, analystActor);
    await seedReviewDemo(tx, analystActor, now);
    const personalization = await seedPersonalizationDemo(tx, project.id, { userIds: data.endUsers.map((u) => u.userId), until: now, seed: options.seed });
    return { created: true, projectId: project.id, apiKey, events: data.events.length, experimentIds: [...experimentIds.values()], reviewer: analystActor, personalization };
  });
  // What the jobs would compute is computed right away (the same lib functions), so every page has data on first
  // start; each pass is recorded in the job ledger like a run, so the Jobs page agrees with the pages citing a job.
  const record = ledgerRecorder(db, seeded.projectId, "demo set-up");
  // First results right away, so the experiment pages have numbers before the hourly job runs.
  for (const id of seeded.experimentIds) {
    await record({ functionId: "experiment-results", eventName: EXPERIMENT_RESULTS_REQUESTED }, () => computeExperimentResults(db, seeded.projectId, id, { now }));
  }
  // Spectrum analysed right away (session analyses, weekly aggregates and insights), so the member's first page view has data.
  await record({ functionId: "spectrum-weekly", eventName: SPECTRUM_WEEKLY_REQUESTED }, () =>
    seedSpectrumDemo(db, seeded.projectId, data.anchor, options.seed, now),
  );
  await seedInsightReviewDemo(db, seeded.reviewer);
  // Monitoring rollups + one detection pass, today's drift run and forecasts, so the anomaly feed shows the injected
  // incidents on first start.
  await backfillMonitoring(db, seeded.projectId, data.firstDay, now, record);
  // Preference profiles right away (the same function as the profile job), so the Users page has them on first start.
  await record({ functionId: "user-profiles", eventName: USER_PROFILES_REQUESTED }, async () => {
    for (let chunk = 0; chunk < 100 && (await refreshProfileChunk(db, seeded.projectId, now)) > 0; chunk++);
  });
  // A first recommendation model, so POST /api/v1/recommendations answers on first start.
  await record({ functionId: "personalization-train", eventName: PERSONALIZATION_TRAIN_REQUESTED }, () => trainProjectModel(db, seeded.projectId));
  // The feature store materialized from it and checked once, so the page's feature store section has real figures.
  await record({ functionId: "features-materialize", eventName: FEATURES_MATERIALIZE_REQUESTED }, async () =>
    materializeFeatures(db, await getOnlineStore(), seeded.projectId, now),
  );
  await record({ functionId: "features-parity", eventName: FEATURES_PARITY_REQUESTED }, async () => checkFeatureParity(db, await getOnlineStore(), seeded.projectId, now));
  // The demo's users served through a running ranking experiment for its last days, with clicks from their tastes,
  // and its first results, so the Personalization page's click-through and the experiment's page have numbers.
  const ranking = await seedRankingExperimentDemo(db, seeded.projectId, { ...seeded.personalization, until: now, seed: options.seed });
  await record({ functionId: "experiment-results", eventName: EXPERIMENT_RESULTS_REQUESTED }, () => computeExperimentResults(db, seeded.projectId, ranking.experimentId, { now }));
  // Sentiment of the demo traces (the same pass as the minute job), then a first insight suggestions pass over all of
  // the above, so the Overview's Insights panel lists what this data supports on first start (nothing is planted for it).
  await record({ functionId: "sentiment-analysis", eventName: SENTIMENT_ANALYSIS_REQUESTED }, async () => {
    const analyzer = sentimentAnalyzer();
    let after: TraceKey | undefined;
    for (let batch = 0; batch < 25; batch++) {
      const r = await analyzePendingTraces(db, seeded.projectId, analyzer, { now, after });
      after = r.last;
      if (r.examined < SENTIMENT_BATCH) break;
    }
  });
  // Conversation topics over the last 28 days of demo traces (they end at the demo's `now`, like sentiment's), before the suggestions
  // pass that reads them: the demo's own questions, clustered for real (the German invoice drift is the one new topic).
  await record({ functionId: "insights-topics", eventName: INSIGHTS_TOPICS_REQUESTED }, () => runTopics(db, seeded.projectId, now));
  await record({ functionId: "insights-suggestions", eventName: INSIGHTS_SUGGESTIONS_REQUESTED }, () => runSuggestions(db, seeded.projectId, now));
  // A first churn model as of the end of the generated data (the daily job's function), so the churn page and the
  // Users list's risk column have numbers on first start. The demo plants no churn: its users' gaps are Poisson noise,
  // and the page shows whatever AUC that honestly gives.
  await record({ functionId: "insights-churn-train", eventName: INSIGHTS_CHURN_TRAIN_REQUESTED }, () => trainProjectChurnIfReady(db, seeded.projectId, now));
  const { experimentIds: _ids, reviewer: _reviewer, personalization: _personalization, ...result } = seeded;
  return result;
}
