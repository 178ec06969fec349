// The end user's own words in a stored trace input, whatever convention produced it:
// - a plain string (the whole input is the user's text);
// - a message array (OpenAI chat, GenAI semconv `gen_ai.input.messages` with `parts`, OpenInference
//   `llm.input_messages` with `content`/`contents`, AI SDK prompt messages), or an object holding one under
//   `messages` — only the user messages of the current turn count (those after the last assistant message), since a
//   chat input repeats the whole history and earlier turns belong to earlier traces;
// - an object with a single text field (`input`, `query`, `question`, `prompt`, `message`, `text`).
// Everything else (tool arguments, retrieval documents, system prompts) is not the user speaking.

const TEXT_FIELDS = ["input", "query", "question", "prompt", "message", "text", "content"] as const;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Text of one message content: a string, or text parts (`{ type: "text", text }`, `{ type: "text", content }`). */
function contentText(content: unknown): string[] {
  if (typeof content === "string") return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part) => {
    if (typeof part === "string") return [part];
    if (!isRecord(part)) return [];
    const inner = isRecord(part.message_content) ? part.message_content : part;
    if (inner.type !== undefined && inner.type !== "text") return [];
    for (const key of ["text", "content"] as const) if (typeof inner[key] === "string") return [inner[key] as string];
    return [];
  });
}

export function roleOf(m: Record<string, unknown>): string | undefined {
  const inner = isRecord(m.message) ? m.message : m;
  const role = inner.role ?? inner["message.role"];
  return typeof role === "string" ? role.toLowerCase() : undefined;
}

export function messageText(m: Record<string, unknown>): string[] {
  const inner = isRecord(m.message) ? m.message : m;
  return [...contentText(inner.content), ...contentText(inner.parts), ...contentText(inner.contents)];
}

export function isMessageList(v: unknown[]): v is Record<string, unknown>[] {
  return v.length > 0 && v.every((m) => isRecord(m) && roleOf(m) !== undefined);
}

function currentTurn(messages: Record<string, unknown>[]): string[] {
  let start = 0;
  messages.forEach((m, i) => {
    if (roleOf(m) === "assistant" || roleOf(m) === "model") start = i + 1;
  });
  return messages.slice(start).filter((m) => roleOf(m) === "user" || roleOf(m) === "human").flatMap(messageText);
}

/** The user's texts in `input` (empty when there are none). Blank strings are dropped. */
export function userTexts(input: unknown): string[] {
  const found = ((): string[] => {
    if (typeof input === "string") return [input];
    if (Array.isArray(input)) return isMessageList(input) ? currentTurn(input) : [];
    if (!isRecord(input)) return [];
    if (Array.isArray(input.messages)) return isMessageList(input.messages) ? currentTurn(input.messages) : [];
    if (roleOf(input) !== undefined) return roleOf(input) === "user" ? messageText(input) : [];
    for (const key of TEXT_FIELDS) if (typeof input[key] === "string") return [input[key] as string];
    return [];
  })();
  return found.map((t) => t.trim()).filter((t) => t.length > 0);
}
