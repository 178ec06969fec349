"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDate } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { settingsApi, settingsKeys } from "./queries";

export function AuditPanel({ projectId }: { projectId: string }) {
  const audit = useQuery({ queryKey: settingsKeys.audit(projectId), queryFn: settingsApi.audit });
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <QueryState query={audit} what="the audit log" isEmpty={(d) => d.entries.length === 0} empty="No changes recorded yet.">
        {({ entries }) => (
          <div className="table-wrap">
            <table>
              <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Details</th></tr></thead>
              <tbody>
                {entries.map((e) => (
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
        )}
      </QueryState>
    </section>
  );
}
