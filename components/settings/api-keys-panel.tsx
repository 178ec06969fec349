"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDate } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { settingsApi, settingsKeys, type CreatedApiKey } from "./queries";

export function ApiKeysPanel({ projectId }: { projectId: string }) {
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: settingsKeys.apiKeys(projectId), queryFn: settingsApi.apiKeys });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const refresh = () => {
    qc.invalidateQueries({ queryKey: settingsKeys.apiKeys(projectId) });
    qc.invalidateQueries({ queryKey: settingsKeys.audit(projectId) });
  };
  const create = useMutation({ mutationFn: settingsApi.createApiKey, onSuccess: setCreated, onSettled: refresh });
  const revoke = useMutation({ mutationFn: settingsApi.revokeApiKey, onSettled: refresh });
  const confirm = useConfirm();

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate(String(new FormData(e.currentTarget).get("name") ?? ""));
    e.currentTarget.reset();
  }

  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      {confirm.dialog}
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
      <QueryState query={keys} what="keys" isEmpty={(d) => d.apiKeys.length === 0} empty="No keys yet.">
        {({ apiKeys }) => (
          <div className="table-wrap">
            <table>
              <thead><tr><th>Name</th><th>Public key</th><th>Secret</th><th>Created</th><th>Status</th><th><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {apiKeys.map((k) => (
                  <tr key={k.id}>
                    <td>{k.name}</td>
                    <td className="mono">{k.publicKey}</td>
                    <td className="mono">{k.secretPreview}</td>
                    <td>{formatDate(k.createdAt)}</td>
                    <td>{k.revokedAt ? <span className="badge badge-danger">revoked</span> : <span className="badge badge-ok">active</span>}</td>
                    <td>{k.revokedAt ? null : <button
                        className="btn btn-danger"
                        onClick={() =>
                          confirm.ask({
                            title: `Revoke the key “${k.name}”?`,
                            body: "Every client using it is refused from now on. This cannot be undone: a revoked key never works again.",
                            action: "Revoke key",
                            typeToConfirm: k.name,
                            onConfirm: () => revoke.mutate(k.id),
                          })
                        }
                      >
                        Revoke
                      </button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      <form onSubmit={onCreate} className="form-row section" aria-label="Create API key">
        <label>Key name<input name="name" required maxLength={100} placeholder="Production backend" /></label>
        <button className="btn btn-primary" type="submit" disabled={create.isPending}>Create key</button>
      </form>
    </section>
  );
}
