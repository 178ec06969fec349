// A session as a conversation: each trace a turn, oldest first, with what the user said, what came back, and the
// turn's latency, cost, scores and sentiment; each turn links to its trace.
import Link from "next/link";
import type { SessionTurn } from "@/lib/traces/store/get-session";
import { formatCost, formatDuration, formatTimestamp } from "@/components/format";
import { levelBadge } from "./level-badge";
import { ChatMessageItem } from "./payload-view";
import { scoreValueText } from "./score-value";

const sentimentBadge: Record<string, string> = { negative: "badge badge-danger", neutral: "badge", positive: "badge badge-ok" };

function TurnMeta({ turn }: { turn: SessionTurn }) {
  return (
    <p className="turn-meta small">
      <span className="mono-nowrap">{formatTimestamp(turn.timestamp)}</span>
      <span>latency {formatDuration(turn.latencyMs)}</span>
      <span>cost {formatCost(turn.totalCost)}</span>
      {turn.level === "ERROR" || turn.level === "WARNING" ? <span className={levelBadge[turn.level]}>{turn.level}</span> : null}
      {turn.sentiment?.label ? <span className={sentimentBadge[turn.sentiment.label] ?? "badge"}>sentiment: {turn.sentiment.label}</span> : null}
      {turn.scores.map((s, i) => (
        <span key={i} className="badge">
          {s.name}: {scoreValueText(s)}
        </span>
      ))}
    </p>
  );
}

export function SessionConversation({ turns }: { turns: SessionTurn[] }) {
  return (
    <ol className="conversation" aria-label="Conversation">
      {turns.map((turn, i) => (
        <li key={turn.traceId} className="card turn">
          <h2 className="turn-title">
            Turn {i + 1}:{" "}
            <Link href={`/traces/${encodeURIComponent(turn.traceId)}`}>{turn.name ?? "(unnamed trace)"}</Link>
          </h2>
          <TurnMeta turn={turn} />
          <ol className="chat">
            <ChatMessageItem role="user" text={turn.input ?? "(no input recorded)"} />
            <ChatMessageItem role="assistant" text={turn.output ?? "(no output recorded)"} />
          </ol>
        </li>
      ))}
    </ol>
  );
}
