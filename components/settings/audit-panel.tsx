"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch, formatDate } from "@/components/ui/api";

interface Entry { id: string; action: string; actorEmail: string | null; targetType: string; targetId: string | null; details: Record<string, unknown>; createdAt: string }

export function AuditPanel() {
  const audit = useQuery({ queryKey: ["audit"], queryFn: () => apiFetch<{ entries: Entry[] }>("/api/v1/audit-log?limit=50") });
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      {audit.isPending ? <p className="muted">Loading…</p> : null}
      {audit.isError ? <div className="alert alert-error">{audit.error.message}</div> : null}
      {audit.data && audit.data.entries.length === 0 ? <p className="muted">No changes recorded yet.</p> : null}
      {audit.data && audit.data.entries.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Details</th></tr></thead>
            <tbody>
              {audit.data.entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(e.createdAt)}</td>
                  <td>{e.actorEmail ?? "system"}</td>
                  <td className="mono">{e.action}</td>
                  <td className="mono">{e.targetType}{e.targetId ? ` ${e.targetId.slice(0, 8)}` : ""}</td>
                  <td className="mono">{JSON.stringify(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
