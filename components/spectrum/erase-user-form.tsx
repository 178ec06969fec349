"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatCount } from "@/components/format";
import { spectrumApi } from "./queries";

/** Admin erasure of one end user (raw and derived records in every table); audited server-side. */
export function EraseUserForm() {
  const [userId, setUserId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const erase = useMutation({
    mutationFn: spectrumApi.eraseUser,
    onSettled: () => setConfirming(false),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!confirming) return setConfirming(true);
    erase.mutate(userId.trim());
  }
  return (
    <section className="section card" aria-labelledby="erase-title">
      <h2 id="erase-title">Erase an end user</h2>
      <p className="muted small">Deletes every record of one of your product&apos;s end users (events, traces, Spectrum sessions, turns, analysis and insights). This cannot be undone. API: <code>DELETE /api/v1/users/&#123;userId&#125;</code>.</p>
      <form className="form-row" onSubmit={onSubmit} aria-label="Erase an end user">
        <label>
          End-user id
          <input value={userId} onChange={(e) => { setUserId(e.target.value); setConfirming(false); }} required maxLength={200} />
        </label>
        <button className="btn btn-danger" type="submit" disabled={!userId.trim() || erase.isPending}>{confirming ? `Yes, erase ${userId.trim()}` : "Erase"}</button>
      </form>
      {erase.error && <p className="alert alert-error" role="alert">{erase.error.message}</p>}
      {erase.data && <p className="alert alert-ok" role="status">Erased {erase.data.userId}: {formatCount(Object.values(erase.data.deleted).reduce((a, b) => a + b, 0))} rows.</p>}
    </section>
  );
}
