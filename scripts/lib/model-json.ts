// Writes the sentiment model's JSON data files (lib/sentiment/model/*.json) for the offline scripts that fit them.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const MODEL_DIR = path.join(import.meta.dirname, "../../lib/sentiment/model");

/** The exact text a model JSON file holds for `value` (what a refit must reproduce byte for byte). */
export const modelJsonText = (value: unknown) => JSON.stringify(value) + "\n";

/** Writes `value` as JSON to lib/sentiment/model/`name` unless the file already holds it; returns whether it changed. */
export function writeModelJson(name: string, value: unknown): boolean {
  const out = path.join(MODEL_DIR, name);
  const text = modelJsonText(value);
  let before = "";
  try {
    before = readFileSync(out, "utf8");
  } catch {}
  if (before === text) return false;
  writeFileSync(out, text);
  return true;
}
