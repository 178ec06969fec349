// A trace's input and output as a person reads them: the user's words going in, the model's answer coming out
// (plain strings, chat message arrays, OpenAI completions, single-field objects), else the payload as compact JSON.
// Feeds the conversation view of a session and the preview columns of the trace list.
import { isMessageList, isRecord, messageText, roleOf, userTexts } from "./user-text";

const OUTPUT_FIELDS = ["output", "answer", "response", "completion", "text", "content", "message", "result"] as const;

const isAssistant = (m: Record<string, unknown>) => roleOf(m) === "assistant" || roleOf(m) === "model";

/** The model's answer in an output payload: the last assistant message of a list, the first choice, a text field. */
function answerTexts(output: unknown): string[] {
  if (typeof output === "string") return [output];
  if (Array.isArray(output)) {
    const last = isMessageList(output) ? output.findLast(isAssistant) : undefined;
    return last ? messageText(last) : [];
  }
  if (!isRecord(output)) return [];
  if (Array.isArray(output.choices) && isRecord(output.choices[0])) {
    const choice = output.choices[0];
    return isRecord(choice.message) ? messageText(choice.message) : typeof choice.text === "string" ? [choice.text] : [];
  }
  if (Array.isArray(output.messages)) return answerTexts(output.messages);
  if (roleOf(output) !== undefined) return messageText(output);
  for (const key of OUTPUT_FIELDS) {
    const v = output[key];
    if (typeof v === "string") return [v];
    if (isRecord(v) && roleOf(v) !== undefined) return messageText(v);
  }
  return [];
}

function readable(payload: unknown, texts: string[]): string | null {
  if (payload === null || payload === undefined) return null;
  const found = texts.map((t) => t.trim()).filter((t) => t.length > 0);
  if (found.length > 0) return found.join("\n\n");
  const json = typeof payload === "string" ? payload.trim() : JSON.stringify(payload);
  return json === "" || json === "{}" || json === "[]" ? null : json;
}

/** The trace input as text: the end user's message(s) of this turn, else the payload as JSON; null when empty. */
export function traceInputText(input: unknown): string | null {
  return readable(input, userTexts(input));
}

/** The trace output as text: the model's answer, else the payload as JSON; null when empty. */
export function traceOutputText(output: unknown): string | null {
  return readable(output, answerTexts(output));
}

/** One line of at most `max` characters (white space folded, cut after a whole word with "…"), for table cells; null stays null. */
export function previewText(text: string | null, max = 120): string | null {
  if (text === null) return null;
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
