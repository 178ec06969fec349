"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDate } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { settingsApi, settingsKeys, type CreatedInvitation } from "./queries";

export function MembersPanel({ projectId, canManage, grantable, selfId }: { projectId: string; canManage: boolean; grantable: string[]; selfId: string }) {
  const qc = useQueryClient();
  const members = useQuery({ queryKey: settingsKeys.members(projectId), queryFn: settingsApi.members });
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const refresh = () => {
    qc.invalidateQueries({ queryKey: settingsKeys.members(projectId) });
    qc.invalidateQueries({ queryKey: settingsKeys.audit(projectId) });
  };
  const onError = (e: Error) => setNotice({ kind: "error", text: e.message });
  const confirm = useConfirm();
  const invitations = useQuery({ queryKey: settingsKeys.invitations(projectId), queryFn: settingsApi.invitations, enabled: canManage });
  // The accept link is shown once, to pass on when email is not configured (or did not go out).
  const [invited, setInvited] = useState<CreatedInvitation | null>(null);
  const refreshInvitations = () => {
    qc.invalidateQueries({ queryKey: settingsKeys.invitations(projectId) });
    qc.invalidateQueries({ queryKey: settingsKeys.audit(projectId) });
  };
  const invite = useMutation({
    mutationFn: settingsApi.inviteMember,
    onSuccess: (r) => {
      setNotice(null);
      setInvited(r);
    },
    onError: (e: Error) => {
      setInvited(null);
      onError(e);
    },
    onSettled: refreshInvitations,
  });
  const revoke = useMutation({
    mutationFn: settingsApi.revokeInvitation,
    onSuccess: () => setNotice({ kind: "ok", text: "Invitation revoked: its link no longer works." }),
    onError,
    onSettled: refreshInvitations,
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

  function onInvite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    invite.mutate({ email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "") });
    e.currentTarget.reset();
  }

  return (
    <section className="card" aria-labelledby="members-title">
      {confirm.dialog}
      <h2 id="members-title">Members</h2>
      {notice ? <div className={`alert alert-${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>{notice.text}</div> : null}
      <QueryState query={members} what="members">
        {(data) => (
          <div className="table-wrap">
            <table>
              <thead><tr><th>Email</th><th>Role</th><th>Since</th>{canManage ? <th><span className="sr-only">Actions</span></th> : null}</tr></thead>
              <tbody>
                {data.members.map((m) => {
                  const editable = canManage && m.userId !== selfId && grantable.includes(m.role);
                  return (
                    <tr key={m.userId}>
                      <td>{m.email}{m.endUserId ? <div className="muted small">end user {m.endUserId}</div> : null}</td>
                      <td>
                        {editable ? (
                          <select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => {
                            const role = e.target.value;
                            confirm.ask({
                              title: `Make ${m.email} ${role === "admin" || role === "owner" ? "an" : "a"} ${role}?`,
                              body: `Their access changes from ${m.role} to ${role} at their next request.`,
                              action: "Change role",
                              onConfirm: () => changeRole.mutate({ userId: m.userId, role }),
                            });
                          }}>
                            {grantable.map((r) => <option key={r} value={r}>{r}</option>)}
                          </select>
                        ) : (
                          <span className="badge">{m.role}</span>
                        )}
                      </td>
                      <td>{formatDate(m.since)}</td>
                      {canManage ? (
                        <td>{editable ? <button
                          className="btn btn-danger"
                          onClick={() =>
                            confirm.ask({
                              title: `Remove ${m.email} from the project?`,
                              body: "They are signed out and lose access to the project at once. They can be invited again later.",
                              action: "Remove member",
                              onConfirm: () => remove.mutate(m.userId),
                            })
                          }
                        >
                          Remove
                        </button> : null}</td>
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
        <>
          <h3 className="section">Pending invitations</h3>
          {invited ? (
            <div className="alert alert-ok" role="status" data-testid="new-invitation">
              Invited {invited.invitation.email} as {invited.invitation.role}
              {invited.emailed ? " (emailed)" : ""}. {invited.emailed ? "You can also pass on" : "Pass on"} this one-time link,
              shown once, valid until {formatDate(invited.invitation.expiresAt)}:
              <div className="mono small">{invited.acceptUrl}</div>
            </div>
          ) : null}
          <QueryState query={invitations} what="invitations" isEmpty={(d) => d.invitations.length === 0} empty="No pending invitations. Invite someone below; they appear here until they accept.">
            {(data) => (
              <div className="table-wrap">
                <table aria-label="Pending invitations">
                  <thead><tr><th>Email</th><th>Role</th><th>Invited by</th><th>Expires</th><th><span className="sr-only">Actions</span></th></tr></thead>
                  <tbody>
                    {data.invitations.map((i) => (
                      <tr key={i.id}>
                        <td>{i.email}</td>
                        <td><span className="badge">{i.role}</span></td>
                        <td>{i.invitedBy ?? "—"}</td>
                        <td>{formatDate(i.expiresAt)}</td>
                        <td>{grantable.includes(i.role) ? <button
                            className="btn btn-danger"
                            onClick={() =>
                              confirm.ask({
                                title: `Revoke the invitation for ${i.email}?`,
                                body: "Its link stops working at once. You can invite them again later.",
                                action: "Revoke invitation",
                                onConfirm: () => revoke.mutate(i.id),
                              })
                            }
                          >
                            Revoke
                          </button> : null}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </QueryState>
          <form onSubmit={onInvite} className="form-row section" aria-label="Invite member" noValidate>
            <label>Email<input name="email" type="email" required /></label>
            <label>Role
              <select name="role" defaultValue="viewer">{grantable.map((r) => <option key={r} value={r}>{r}</option>)}</select>
            </label>
            <button className="btn btn-primary" type="submit" disabled={invite.isPending}>Invite</button>
          </form>
          <p className="muted small">The invitee joins only when they open the link and accept; nothing changes for them until then.</p>
        </>
      ) : null}
    </section>
  );
}
