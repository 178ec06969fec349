import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { listPrompts } from "@/lib/evaluation/store/prompts";
import { builtInPrompts } from "@/lib/evaluation/spectrum-prompts";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { NewPromptVersionForm } from "@/components/evaluation/new-prompt-version-form";
import { formatUtcMinute } from "@/components/format";

export const metadata: Metadata = { title: "Prompts" };

export default dashboardPage("evaluation:read", async function PromptsPage(_props: object, { principal }) {
  const rows = await listPrompts(await getDb(), principal.projectId);
  const builtIn = builtInPrompts();
  return (
    <>
      <PageHeader title="Prompts" description="Versioned prompts with labels your SDK fetches (GET /api/v1/prompts/{name}?label=production)." />
      {rows.length === 0 ? (
        <EmptyState title="No prompts yet">
          <p>Create one below or with <code>POST /api/v1/prompts</code>; every save is a new, immutable version.</p>
        </EmptyState>
      ) : (
        <section className="card" aria-label="Prompt list">
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th>Prompt</th><th>Type</th><th>Versions</th><th>Labels</th><th>Last version</th></tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.name}>
                    <td><Link href={`/prompts/${encodeURIComponent(p.name)}`}>{p.name}</Link></td>
                    <td>{p.type}</td>
                    <td>{p.versions}</td>
                    <td>{p.labels.length ? p.labels.map((l) => <span key={l.label} className="badge">{l.label} → v{l.version}</span>) : <span className="muted">none</span>}</td>
                    <td className="small">{formatUtcMinute(p.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {can(principal.role, "evaluation:write") ? <NewPromptVersionForm /> : null}
      <section className="card" aria-label="Prism's own prompts">
        <h2>Prism&apos;s Spectrum prompts (read-only example)</h2>
        <p className="muted small">Versioned files in the repository&apos;s <code>prompts/</code> folder; a change is a new file, never an edit.</p>
        {builtIn.map((b) => (
          <details key={b.name}>
            <summary>{b.name} · {b.versions.map((v) => v.version).join(", ")}</summary>
            {b.versions.map((v) => (
              <div key={v.version}>
                <div className="small muted">{v.version}{v.purpose ? ` · ${v.purpose}` : ""}{v.created ? ` · ${v.created}` : ""} · variables: {v.variables.join(", ")}</div>
                <pre className="diff">{v.text}</pre>
              </div>
            ))}
          </details>
        ))}
      </section>
    </>
  );
});
