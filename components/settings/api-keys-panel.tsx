"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, formatDate } from "@/components/ui/api";

interface ApiKey { id: string; name: string; publicKey: string; secretPreview: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }
interface Created { id: string; publicKey: string; secretKey: string }

export function ApiKeysPanel() {
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ["api-keys"], queryFn: () => apiFetch<{ apiKeys: ApiKey[] }>("/api/v1/api-keys") });
  const [created, setCreated] = useState<Created | null>(null);
  const refresh = () => {
    qc.invalidateQueries({ queryKey: ["api-keys"] });
    qc.invalidateQueries({ queryKey: ["audit"] });
  };
  const create = useMutation({
    mutationFn: (name: string) => apiFetch<Created>("/api/v1/api-keys", { method: "POST", body: { name } }),
    onSuccess: setCreated,
    onSettled: refresh,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/api-keys/${id}`, { method: "DELETE" }),
    onSettled: refresh,
  });

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate(String(new FormData(e.currentTarget).get("name") ?? ""));
    e.currentTarget.reset();
  }

  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <p className="muted small">
        Authenticate ingestion with <code>Authorization: Bearer &lt;secret&gt;</code> or Basic <code>public:secret</code>.
        Secrets are stored hashed and shown only once.
      </p>
      {created ? (
        <div className="alert alert-ok" role="status" data-testid="new-api-key">
          Copy the secret now; it will not be shown again.
          <div className="mono">public: {created.publicKey}</div>
          <div className="mono">secret: {created.secretKey}</div>
        </div>
      ) : null}
      {create.isError ? <div className="alert alert-error" role="alert">{create.error.message}</div> : null}
      {revoke.isError ? <div className="alert alert-error" role="alert">{revoke.error.message}</div> : null}
      {keys.isPending ? <p className="muted">Loading keys…</p> : null}
      {keys.data && keys.data.apiKeys.length === 0 ? <p className="muted">No keys yet.</p> : null}
      {keys.data && keys.data.apiKeys.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead><tr><th>Name</th><th>Public key</th><th>Secret</th><th>Created</th><th>Status</th><th /></tr></thead>
            <tbody>
              {keys.data.apiKeys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td className="mono">{k.publicKey}</td>
                  <td className="mono">{k.secretPreview}</td>
                  <td>{formatDate(k.createdAt)}</td>
                  <td>{k.revokedAt ? <span className="badge badge-danger">revoked</span> : <span className="badge badge-ok">active</span>}</td>
                  <td>{k.revokedAt ? null : <button className="btn btn-danger" onClick={() => revoke.mutate(k.id)}>Revoke</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form onSubmit={onCreate} className="form-row section" aria-label="Create API key">
        <label>Key name<input name="name" required maxLength={100} placeholder="Production backend" /></label>
        <button className="btn btn-primary" type="submit" disabled={create.isPending}>Create key</button>
      </form>
    </section>
  );
}
