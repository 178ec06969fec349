"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDate } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { settingsApi, settingsKeys } from "./queries";

export function MembersPanel({ projectId, canManage, grantable, selfId }: { projectId: string; canManage: boolean; grantable: string[]; selfId: string }) {
  const qc = useQueryClient();
  const members = useQuery({ queryKey: settingsKeys.members(projectId), queryFn: settingsApi.members });
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const refresh = () => {
    qc.invalidateQueries({ queryKey: settingsKeys.members(projectId) });
    qc.invalidateQueries({ queryKey: settingsKeys.audit(projectId) });
  };
  const onError = (e: Error) => setNotice({ kind: "error", text: e.message });
  const add = useMutation({
    mutationFn: settingsApi.addMember,
    onSuccess: (r) =>
      setNotice({ kind: "ok", text: r.generatedPassword ? `Added ${r.email}. Their initial password (shown once): ${r.generatedPassword}` : `Added ${r.email}.` }),
    onError,
    onSettled: refresh,
  });
  const changeRole = useMutation({
    mutationFn: settingsApi.changeRole,
    onSuccess: () => setNotice({ kind: "ok", text: "Role updated." }),
    onError,
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: settingsApi.removeMember,
    onSuccess: () => setNotice({ kind: "ok", text: "Member removed." }),
    onError,
    onSettled: refresh,
  });

  function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = Object.fromEntries([...form.entries()].filter(([, v]) => String(v).trim() !== "")) as Record<string, string>;
    add.mutate(body);
    e.currentTarget.reset();
  }

  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {notice ? <div className={`alert alert-${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>{notice.text}</div> : null}
      <QueryState query={members} what="members">
        {(data) => (
          <div className="table-wrap">
            <table>
              <thead><tr><th>Email</th><th>Role</th><th>Since</th>{canManage ? <th /> : null}</tr></thead>
              <tbody>
                {data.members.map((m) => {
                  const editable = canManage && m.userId !== selfId && grantable.includes(m.role);
                  return (
                    <tr key={m.userId}>
                      <td>{m.email}{m.endUserId ? <div className="muted small">end user {m.endUserId}</div> : null}</td>
                      <td>
                        {editable ? (
                          <select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value })}>
                            {grantable.map((r) => <option key={r} value={r}>{r}</option>)}
                          </select>
                        ) : (
                          <span className="badge">{m.role}</span>
                        )}
                      </td>
                      <td>{formatDate(m.since)}</td>
                      {canManage ? (
                        <td>{editable ? <button className="btn btn-danger" onClick={() => remove.mutate(m.userId)}>Remove</button> : null}</td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {canManage ? (
        <form onSubmit={onAdd} className="form-row section" aria-label="Add member" noValidate>
          <label>Email<input name="email" type="email" required /></label>
          <label>Role
            <select name="role" defaultValue="viewer">{grantable.map((r) => <option key={r} value={r}>{r}</option>)}</select>
          </label>
          <label>Initial password (optional)<input name="password" type="password" minLength={8} autoComplete="new-password" /></label>
          <button className="btn btn-primary" type="submit" disabled={add.isPending}>Add member</button>
        </form>
      ) : null}
    </section>
  );
}
