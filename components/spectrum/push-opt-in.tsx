"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { spectrumApi, spectrumKeys } from "./queries";

type Support = "checking" | "unsupported" | "denied" | "ok";
const SW = "/spectrum-sw.js";

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Whether this browser can receive web push, and this device's current subscription (if any). */
async function detectDevice(): Promise<{ support: Support; endpoint: string | null }> {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return { support: "unsupported", endpoint: null };
  const support = Notification.permission === "denied" ? "denied" : "ok";
  try {
    const sub = await (await navigator.serviceWorker.register(SW)).pushManager.getSubscription();
    return { support, endpoint: sub?.endpoint ?? null };
  } catch {
    return { support, endpoint: null };
  }
}

/** Opt-in for the weekly-summary web push on this device. Shows why when push cannot be offered. */
export function PushOptIn({ projectId }: { projectId: string }) {
  const qc = useQueryClient();
  const key = spectrumKeys.push(projectId);
  const status = useQuery({ queryKey: key, queryFn: spectrumApi.pushStatus });
  const [support, setSupport] = useState<Support>("checking");
  const [deviceEndpoint, setDeviceEndpoint] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    detectDevice().then((found) => {
      if (cancelled) return;
      setSupport(found.support);
      setDeviceEndpoint(found.endpoint);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const turnOn = useMutation({
    mutationFn: async (publicKey: string) => {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setSupport(permission === "denied" ? "denied" : "ok");
        throw new Error("Notifications were not allowed, so nothing was turned on.");
      }
      const reg = await navigator.serviceWorker.register(SW);
      const sub = (await reg.pushManager.getSubscription()) ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
      await spectrumApi.subscribePush(sub.toJSON());
      setDeviceEndpoint(sub.endpoint);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
  const turnOff = useMutation({
    mutationFn: async (endpoint: string) => {
      await spectrumApi.unsubscribePush(endpoint);
      const sub = await (await navigator.serviceWorker.register(SW)).pushManager.getSubscription();
      await sub?.unsubscribe();
      setDeviceEndpoint(null);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });

  const data = status.data;
  const onHere = Boolean(deviceEndpoint && data?.endpoints.includes(deviceEndpoint));
  const elsewhere = (data?.endpoints.length ?? 0) - (onHere ? 1 : 0);
  const error = status.error ?? turnOn.error ?? turnOff.error;

  return (
    <section className="section card" aria-labelledby="push-title" data-testid="push-opt-in">
      <h2 id="push-title">Weekly summary notifications</h2>
      <p className="muted small">
        At most one notification a week, when your weekly insight is ready. It only says that it is ready: nothing about your moods appears on your screen.
      </p>
      {error && <p className="alert alert-error" role="alert">{error.message}</p>}
      {!data || support === "checking" ? (
        <p className="muted small">Checking…</p>
      ) : !data.configured ? (
        <p className="small" data-testid="push-not-configured">
          Notifications are not available: push is not configured on this server. Your weekly insight still appears on this page.
        </p>
      ) : support === "unsupported" ? (
        <p className="small">This browser does not support web push notifications. Installing this page as an app (or another browser) may.</p>
      ) : support === "denied" && !onHere ? (
        <p className="small">Notifications are blocked for this site in your browser settings. Allow them there to turn this on.</p>
      ) : onHere ? (
        <div className="form-row">
          <span className="small">On for this device.</span>
          <button className="btn" disabled={turnOff.isPending} onClick={() => turnOff.mutate(deviceEndpoint!)}>
            Turn off
          </button>
        </div>
      ) : (
        <button className="btn" disabled={turnOn.isPending} onClick={() => turnOn.mutate(data.publicKey!)}>
          Notify me when my weekly summary is ready
        </button>
      )}
      {data?.configured && elsewhere > 0 && (
        <p className="muted small">
          Also on for {elsewhere} other {elsewhere === 1 ? "device" : "devices"}.
        </p>
      )}
    </section>
  );
}
