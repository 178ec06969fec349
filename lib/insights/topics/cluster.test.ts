import { expect, test } from "vitest";
import { hashedNgramEmbedder } from "@/lib/monitoring/drift/embedding";
import { clusterTopics, distinctiveTerms, K_PATIENCE, meanSilhouette } from "./cluster";
import { generatedMessages, TOPIC_VOCABULARIES, type GeneratedTopic } from "./generated";

const embed = hashedNgramEmbedder({ dimension: 512 }).embedSync;

/** Share of points whose cluster's majority topic is their own topic. */
function purity(assignment: number[], truth: string[]): number {
  const byCluster = new Map<number, Map<string, number>>();
  assignment.forEach((c, i) => {
    const m = byCluster.get(c) ?? new Map<string, number>();
    m.set(truth[i], (m.get(truth[i]) ?? 0) + 1);
    byCluster.set(c, m);
  });
  let majority = 0;
  for (const m of byCluster.values()) majority += Math.max(...m.values());
  return majority / truth.length;
}

test.each([3, 4])("%i generated topics are recovered (purity >= 0.9, k by silhouette) and named by their vocabulary", (count) => {
  const topics = (Object.keys(TOPIC_VOCABULARIES) as GeneratedTopic[]).slice(0, count);
  const messages = generatedMessages(topics, 60, count);
  const result = clusterTopics(embed(messages.map((m) => m.text)), 3);
  expect(result.k).toBe(count);
  // Past the peak the search tries K_PATIENCE more k and stops: k = 2 .. count + K_PATIENCE.
  expect(result.scores.map((s) => s.k).at(-1)).toBe(count + K_PATIENCE);
  expect(purity(result.assignment, messages.map((m) => m.topic))).toBeGreaterThanOrEqual(0.9);
  const names = distinctiveTerms(messages.map((m) => m.text), result.assignment, result.k, 3);
  for (let c = 0; c < result.k; c++) {
    const members = messages.filter((_, i) => result.assignment[i] === c);
    const topic = members[0].topic;
    // Every name word is from the cluster's own vocabulary, none is filler.
    for (const w of names[c]) expect(TOPIC_VOCABULARIES[topic] as readonly string[]).toContain(w);
  }
});

test("the silhouette is high for separated groups and near zero for one group split at random", () => {
  const a = [[1, 0], [0.99, 0.141], [0.99, -0.141]];
  const b = [[0, 1], [0.141, 0.99], [-0.141, 0.99]];
  const vectors = [...a, ...b];
  const sample = [0, 1, 2, 3, 4, 5];
  expect(meanSilhouette(vectors, [0, 0, 0, 1, 1, 1], sample)).toBeGreaterThan(0.8);
  expect(meanSilhouette(vectors, [0, 1, 0, 1, 0, 1], sample)).toBeLessThan(0.2);
});

test("too few conversations for two topics give one topic, none give none", () => {
  expect(clusterTopics(embed(["refund my invoice", "flight booking", "pasta recipe"])).k).toBe(1);
  expect(clusterTopics([]).k).toBe(0);
});
