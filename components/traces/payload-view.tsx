// Renders an observation's input or output: chat messages as a conversation, strings as text, anything
// else as pretty-printed JSON.

type Json = unknown;

interface ChatMessage {
  role: string;
  text: string;
  toolCalls: string[];
}

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Text of OpenAI-style content (string or parts) and of GenAI-semconv `parts`. */
function partsText(content: Json): { text: string; toolCalls: string[] } {
  if (typeof content === "string") return { text: content, toolCalls: [] };
  const texts: string[] = [];
  const toolCalls: string[] = [];
  if (Array.isArray(content)) {
    for (const part of content) {
      if (typeof part === "string") texts.push(part);
      else if (isRecord(part)) {
        const t = part.text ?? part.content;
        if (typeof t === "string") texts.push(t);
        else if (part.type === "tool_call" || part.type === "tool-call" || part.name) {
          toolCalls.push(`${String(part.name ?? part.toolName ?? "tool")}(${JSON.stringify(part.arguments ?? part.args ?? part.input ?? {})})`);
        } else if (t !== undefined) texts.push(JSON.stringify(t, null, 2));
      }
    }
  } else if (content !== undefined && content !== null) texts.push(JSON.stringify(content, null, 2));
  return { text: texts.join("\n"), toolCalls };
}

/** Chat messages when the payload is (or wraps) a list of {role, content|parts}; null otherwise. */
export function asConversation(value: Json): ChatMessage[] | null {
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.messages) ? value.messages : isRecord(value) && typeof value.role === "string" ? [value] : null;
  if (!list || list.length === 0) return null;
  const out: ChatMessage[] = [];
  for (const m of list) {
    if (!isRecord(m) || typeof m.role !== "string") return null;
    const { text, toolCalls } = partsText(m.parts ?? m.content);
    const calls = Array.isArray(m.tool_calls)
      ? m.tool_calls.map((c) => (isRecord(c) && isRecord(c.function) ? `${String(c.function.name)}(${String(c.function.arguments ?? "")})` : JSON.stringify(c)))
      : [];
    out.push({ role: m.role, text, toolCalls: [...toolCalls, ...calls] });
  }
  return out;
}

/** One message of a conversation: its role as a caption, then its text (a session's turns use it too). */
export function ChatMessageItem({ role, text, children }: { role: string; text: string | null; children?: React.ReactNode }) {
  return (
    <li className={`chat-message chat-${role}`}>
      <div className="chat-role">{role}</div>
      {text ? <div className="chat-text">{text}</div> : null}
      {children}
    </li>
  );
}

export function PayloadView({ label, value }: { label: string; value: Json }) {
  if (value === null || value === undefined) {
    return (
      <section className="payload" aria-label={label}>
        <h3>{label}</h3>
        <p className="muted small">None recorded.</p>
      </section>
    );
  }
  const conversation = asConversation(value);
  return (
    <section className="payload" aria-label={label}>
      <h3>{label}</h3>
      {conversation ? (
        <ol className="chat">
          {conversation.map((m, i) => (
            <ChatMessageItem key={i} role={m.role} text={m.text}>
              {m.toolCalls.map((c, j) => (
                <code key={j} className="chat-tool">
                  {c}
                </code>
              ))}
            </ChatMessageItem>
          ))}
        </ol>
      ) : typeof value === "string" ? (
        <pre className="json">{value}</pre>
      ) : (
        <pre className="json">{JSON.stringify(value, null, 2)}</pre>
      )}
    </section>
  );
}
