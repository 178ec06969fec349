// Polarity accuracy of every analyzer on the GoEmotions test split (bench/sentiment/data, Apache-2.0, see NOTICE.md),
// plus precision/recall of the frustration and confusion detectors of Prism's model.
//   npx tsx bench/run.ts sentiment/accuracy
import { readFileSync } from "node:fs";
import path from "node:path";
import { hasEmotion, parseGoEmotionsTsv } from "@/lib/sentiment/model/goemotions";
import { localSentimentAnalyzer } from "@/lib/sentiment/local-analyzer";
import { benchAnalyzers } from "./analyzers";

export default async function accuracy() {
  const rows = parseGoEmotionsTsv(readFileSync(path.join(import.meta.dirname, "data/goemotions-test.tsv"), "utf8"));
  const polar = rows.filter((r) => r.polarity === "positive" || r.polarity === "negative");
  const threeClass = rows.filter((r) => r.polarity !== "excluded");
  const table = benchAnalyzers().map((a) => {
    const started = performance.now();
    const labels = threeClass.map((r) => a.label(r.text));
    const ms = performance.now() - started;
    let polarOk = 0, threeOk = 0, neutralOk = 0, neutralN = 0;
    threeClass.forEach((r, i) => {
      const ok = labels[i] === r.polarity;
      if (ok) threeOk++;
      if (r.polarity === "neutral") {
        neutralN++;
        if (ok) neutralOk++;
      } else if (ok) polarOk++;
    });
    return {
      analyzer: a.name,
      polarAccuracy: +(polarOk / polar.length).toFixed(4),
      threeClassAccuracy: +(threeOk / threeClass.length).toFixed(4),
      neutralRecall: +(neutralOk / neutralN).toFixed(4),
      textsPerSecond: Math.round(threeClass.length / (ms / 1000)),
    };
  });
  const local = localSentimentAnalyzer();
  const emotions = (["frustration", "confusion"] as const).map((emotion) => {
    let tp = 0, fp = 0, fn = 0;
    for (const r of rows) {
      const gold = hasEmotion(r.labels, emotion);
      const pred = local.analyzeOne(r.text).detected.includes(emotion);
      if (gold && pred) tp++;
      else if (pred) fp++;
      else if (gold) fn++;
    }
    return { emotion, precision: +(tp / (tp + fp)).toFixed(4), recall: +(tp / (tp + fn)).toFixed(4), support: tp + fn };
  });
  const lines = [
    "| analyzer | polarity accuracy (polar texts, neutral = wrong) | 3-class accuracy | neutral recall | texts/s |",
    "| --- | --- | --- | --- | --- |",
    ...table.map((t) => `| ${t.analyzer} | ${t.polarAccuracy} | ${t.threeClassAccuracy} | ${t.neutralRecall} | ${t.textsPerSecond} |`),
  ];
  process.stderr.write(`${lines.join("\n")}\n`);
  return { split: "GoEmotions test", polarTexts: polar.length, threeClassTexts: threeClass.length, table, emotions };
}
