"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatCount, formatTimestamp } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { DefinitionEditor } from "./definition-editor";
import { SizeHistoryChart } from "./size-history-chart";
import { cohortKeys, cohortsApi, type CohortDetail } from "./queries";

function Members({ projectId, id }: { projectId: string; id: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({ queryKey: cohortKeys.members(projectId, id, cursor), queryFn: () => cohortsApi.members(id, cursor) });
  return (
    <section className="card" aria-label="Members">
      <h2>Members</h2>
      <QueryState query={page} what="members" isEmpty={(p) => p.data.length === 0 && cursors.length === 1} empty="Nobody is in this cohort at its last refresh.">
        {(p) => (
          <>
            <ul className="mono">
              {p.data.map((u) => (
                <li key={u}>
                  <Link href={`/traces?userId=${encodeURIComponent(u)}`}>{u}</Link>
                </li>
              ))}
            </ul>
            <div className="form-row">
              <button type="button" className="btn" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                Previous
              </button>
              <button type="button" className="btn" disabled={!p.nextCursor} onClick={() => setCursors((c) => [...c, p.nextCursor])}>
                Next
              </button>
            </div>
          </>
        )}
      </QueryState>
    </section>
  );
}

/** One cohort: size and its history, members, refresh now, and (for writers) edit and delete. */
export function CohortDetailPanel({ projectId, initial, canWrite }: { projectId: string; initial: CohortDetail; canWrite: boolean }) {
  const qc = useQueryClient();
  const router = useRouter();
  const id = initial.id;
  const cohort = useQuery({ queryKey: cohortKeys.detail(projectId, id), queryFn: () => cohortsApi.detail(id), initialData: initial, refetchInterval: 30_000 });
  const [text, setText] = useState(JSON.stringify(initial.definition, null, 2));
  const invalidate = () => qc.invalidateQueries({ queryKey: cohortKeys.all(projectId) });
  const refresh = useMutation({ mutationFn: () => cohortsApi.refresh(id), onSettled: invalidate });
  const save = useMutation({ mutationFn: () => cohortsApi.patch({ id, body: { definition: JSON.parse(text) } }), onSuccess: () => refresh.mutate(), onSettled: invalidate });
  const remove = useMutation({ mutationFn: () => cohortsApi.remove(id), onSuccess: () => router.push("/users/cohorts") });
  const error = [refresh, save, remove].find((m) => m.isError)?.error;
  const c = cohort.data;

  return (
    <div className="grid">
      <section className="card" aria-label="Summary">
        <div className="form-row">
          <div>
            <div className="stat-label">Members</div>
            <div className="stat-value">{c.size === null ? "computing…" : formatCount(c.size)}</div>
          </div>
          <div className="small muted">Last computed {c.computedAt ? formatTimestamp(c.computedAt) : "not yet"}</div>
          <Link className="btn" href={`/traces?cohort=${id}`}>
            Traces of these users
          </Link>
          {canWrite ? (
            <button type="button" className="btn btn-primary" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
              Refresh now
            </button>
          ) : null}
        </div>
        {error ? (
          <div className="alert alert-error" role="alert">
            {error.message}
          </div>
        ) : null}
      </section>
      <SizeHistoryChart history={c.sizeHistory} />
      <section className="card" aria-label="Definition">
        <h2>Definition</h2>
        {canWrite ? (
          <>
            <DefinitionEditor id="cohort-definition" value={text} onChange={setText} />
            <div className="form-row">
              <button type="button" className="btn btn-primary" onClick={() => save.mutate()} disabled={save.isPending}>
                Save definition
              </button>
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => {
                  if (window.confirm(`Delete cohort “${c.name}”?`)) remove.mutate();
                }}
              >
                Delete cohort
              </button>
            </div>
          </>
        ) : (
          <pre className="mono">{JSON.stringify(c.definition, null, 2)}</pre>
        )}
      </section>
      <Members projectId={projectId} id={id} />
    </div>
  );
}
