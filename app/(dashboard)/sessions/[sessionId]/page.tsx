import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { getSession, SESSION_TURN_LIMIT } from "@/lib/traces/store/get-session";
import { NotInProject } from "@/components/ui/not-in-project";
import { PageHeader } from "@/components/ui/page-header";
import { MetricStat } from "@/components/ui/metric-stat";
import { formatCost, formatCount, formatDuration, formatTimestamp, formatTokens } from "@/components/format";
import { SessionConversation } from "@/components/traces/session-conversation";

export const metadata: Metadata = { title: "Session" };

export default dashboardPage("traces:read", async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }, { principal }) {
  const id = decodeURIComponent((await params).sessionId);
  const session = await getSession(await getDb(), principal.projectId, id);
  if (!session) return <NotInProject kind="session" id={id} listHref="/sessions" listLabel="sessions" />;
  const traces = `/traces?sessionId=${encodeURIComponent(session.sessionId)}`;
  return (
    <>
      <PageHeader
        title={`Session ${session.sessionId}`}
        description={
          <>
            <Link href="/sessions">Sessions</Link> · {formatTimestamp(session.firstAt)} to {formatTimestamp(session.lastAt)}
            {session.userId ? (
              <>
                {" "}
                · user <Link href={`/users/${encodeURIComponent(session.userId)}`}>{session.userId}</Link>
              </>
            ) : null}{" "}
            · <Link href={traces}>Traces of this session</Link>
          </>
        }
      />
      <div className="grid grid-4">
        <MetricStat metric="session_turns" value={formatCount(session.traceCount)} hint="traces in this session" />
        <MetricStat metric="session_span" value={formatDuration(session.spanMs)} hint="first trace's start to last trace's end" />
        <MetricStat metric="tokens" window="this session's traces" value={formatTokens(session.totalTokens)} />
        <MetricStat metric="cost" window="this session's traces" value={formatCost(session.totalCost)} hint={session.errorTraces > 0 ? `${formatCount(session.errorTraces)} traces with errors` : "no traces with errors"} />
      </div>
      {session.traceCount > session.turns.length ? (
        <p className="muted section">
          The first {formatCount(SESSION_TURN_LIMIT)} of {formatCount(session.traceCount)} turns; <Link href={traces}>the trace list</Link> has them all.
        </p>
      ) : null}
      <section className="section" aria-label="Turns">
        <SessionConversation turns={session.turns} />
      </section>
    </>
  );
});
