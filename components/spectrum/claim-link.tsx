"use client";
// Why: the end user confirms, with a click, that their login should show the Spectrum a link token names (issue 12 #23).
import { useState } from "react";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/components/ui/api";

export function ClaimLink() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onClaim() {
    // The token travels in the fragment, so it never reaches server logs or Referer headers.
    const token = new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (!token) {
      setError("This link is incomplete. Open the link from the app again.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      await apiFetch("/api/v1/spectrum/me/link", { method: "POST", body: { token } });
      router.replace("/me");
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : "Linking failed.");
      setPending(false);
    }
  }

  return (
    <div className="grid" style={{ gap: "0.75rem" }}>
      <p>Link this login to your conversations, so your private Spectrum shows here?</p>
      <button className="btn btn-primary" type="button" onClick={onClaim} disabled={pending}>
        Link my Spectrum
      </button>
      {error ? <p role="alert" className="error">{error}</p> : null}
    </div>
  );
}
