"use client";
// One confirmation for every destructive admin action: a native modal <dialog> (focus stays inside, Escape cancels)
// that says what will happen and, for the worst ones, asks the person to type the thing's name first.

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  /** The confirm button's words, e.g. "Revoke key". */
  action: string;
  /** When set, the action stays disabled until this exact text is typed. */
  typeToConfirm?: string;
  onConfirm: () => void;
}

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const inputId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) dialog.showModal();
    if (!request && dialog.open) dialog.close();
  }, [request]);
  const close = () => {
    setTyped("");
    onClose();
  };
  const ready = !request?.typeToConfirm || typed === request.typeToConfirm;
  return (
    <dialog ref={ref} className="card confirm-dialog" aria-labelledby={`${inputId}-title`} onClose={close}>
      {request ? (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            if (!ready) return;
            request.onConfirm();
            close();
          }}
        >
          <h2 id={`${inputId}-title`}>{request.title}</h2>
          <div className="muted">{request.body}</div>
          {request.typeToConfirm ? (
            <label htmlFor={inputId}>
              Type <strong className="mono">{request.typeToConfirm}</strong> to confirm
              <input id={inputId} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
            </label>
          ) : null}
          <div className="form-row confirm-actions">
            <button type="button" className="btn" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="btn btn-danger" disabled={!ready}>
              {request.action}
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}

/** State for one ConfirmDialog on a panel: `ask(request)` opens it, the dialog closes itself. */
export function useConfirm() {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  return {
    ask: setRequest,
    dialog: <ConfirmDialog request={request} onClose={() => setRequest(null)} />,
  };
}
