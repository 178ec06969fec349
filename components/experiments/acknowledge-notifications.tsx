"use client";

import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { experimentsApi } from "./queries";

/** Marks the experiment's open owner notifications as read (analysts and admins). */
export function AcknowledgeNotifications({ experimentKey }: { experimentKey: string }) {
  const router = useRouter();
  const ack = useMutation({
    mutationFn: () => experimentsApi.acknowledgeNotifications(experimentKey),
    onSuccess: () => router.refresh(),
  });
  return (
    <div className="form-row">
      <button className="btn" onClick={() => ack.mutate()} disabled={ack.isPending}>Mark as read</button>
      {ack.isError ? <div className="alert alert-error" role="alert">{ack.error.message}</div> : null}
    </div>
  );
}
