"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { PrismClient } from "@/public/sdk/prism";
import { routeOf } from "@/lib/telemetry/dashboard-routes";

const CONSENT_KEY = "prism_self_telemetry_consent";
const CLIENT_URL = "/sdk/prism.js";

function storedConsent(): boolean {
  try {
    return localStorage.getItem(CONSENT_KEY) === "granted";
  } catch {
    return false;
  }
}

/**
 * Prism's own UI telemetry (dogfooding the browser client): page names only (route templates, no ids, no text), sent
 * to the project of PRISM_SELF_TELEMETRY_KEY, and only after this person ticked the box (kept in this browser).
 */
export function SelfTelemetry({ publicKey }: { publicKey: string }) {
  const pathname = usePathname();
  const client = useRef<PrismClient | null>(null);
  const [ready, setReady] = useState(false);
  const [consent, setConsent] = useState(false);

  useEffect(() => {
    let closed = false;
    // Loaded from this server at run time, as any customer page would load it (not bundled).
    import(/* webpackIgnore: true */ /* turbopackIgnore: true */ CLIENT_URL).then((mod: typeof import("@/public/sdk/prism")) => {
      if (closed) return;
      client.current = mod.createPrism({ key: publicKey, requireConsent: true, captureMeasures: false });
      // The stored choice is read here, after hydration: the server cannot know it.
      const granted = storedConsent();
      if (granted) client.current.consent(true);
      setConsent(granted);
      setReady(true);
    });
    return () => {
      closed = true;
      client.current?.close();
      client.current = null;
    };
  }, [publicKey]);

  useEffect(() => {
    if (ready && consent) client.current?.pageView(routeOf(pathname));
  }, [ready, consent, pathname]);

  function choose(granted: boolean) {
    try {
      localStorage.setItem(CONSENT_KEY, granted ? "granted" : "denied");
    } catch {
      /* storage blocked: the choice lasts for this page */
    }
    setConsent(granted);
    client.current?.consent(granted);
  }

  return (
    <label className="check small" title="Page names only (e.g. /traces/[traceId]); never ids or text.">
      <input type="checkbox" checked={consent} onChange={(e) => choose(e.target.checked)} /> Share usage data with this Prism&apos;s admins
    </label>
  );
}
