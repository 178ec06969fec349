"use client";
// The feedback dead-letter table: interactions refused for an item not yet in the catalog, their status and attempts,
// with replay (all failed, or one row) for admins; the page refreshes with the outcome.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { formatTimestamp, formatCount } from "@/components/format";
import type { Jsonified } from "@/components/ui/api";
import type { listDeadLetters } from "@/lib/personalization/store/dead-letters";
import { personalizationApi, type ReplayInput } from "./queries";

type Row = Jsonified<Awaited<ReturnType<typeof listDeadLetters>>[number]>;

export function DeadLetters({ rows, failed, canReplay }: { rows: Row[]; failed: number; canReplay: boolean }) {
  const router = useRouter();
  const replay = useMutation({
    mutationFn: (body: ReplayInput) => personalizationApi.replayDeadLetters(body),
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      {canReplay && failed > 0 ? (
        <p>
          <button className="btn" type="button" disabled={replay.isPending} onClick={() => replay.mutate({})}>
            {replay.isPending ? "Replaying…" : `Replay ${formatCount(failed)} failed`}
          </button>
        </p>
      ) : null}
      {replay.isError ? (
        <div className="alert alert-error" role="alert">
          {replay.error.message}
        </div>
      ) : null}
      {replay.isSuccess ? (
        <div className="alert alert-ok" role="status" data-testid="replay-outcome">
          {formatCount(replay.data.requeued)} requeued: {formatCount(replay.data.recovered)} stored now that their item is in the catalog,{" "}
          {formatCount(replay.data.due - replay.data.recovered)} still waiting for it.
        </div>
      ) : null}
      {rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Dead letters table">
          <table data-testid="dead-letters-table">
            <thead>
              <tr>
                <th scope="col">Interaction</th>
                <th scope="col">User</th>
                <th scope="col">Reason</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Next attempt</th>
                {canReplay ? <th scope="col">Replay</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="mono">{r.id}</td>
                  <td className="mono">{r.userId}</td>
                  <td className="small">{r.reason}</td>
                  <td>{r.status}</td>
                  <td className="mono">{r.attempts}</td>
                  <td className="mono-nowrap">{r.status === "pending" ? formatTimestamp(r.nextAttemptAt) : "—"}</td>
                  {canReplay ? (
                    <td>
                      {r.status === "recovered" ? null : (
                        <button className="btn btn-small" type="button" disabled={replay.isPending} onClick={() => replay.mutate({ ids: [r.id] })} aria-label={`Replay ${r.id}`}>
                          Replay
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No interaction is waiting for its item.</p>
      )}
    </>
  );
}
