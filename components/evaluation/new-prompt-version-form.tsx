"use client";
// Creates a prompt's next version (or a new prompt): text, or chat messages as JSON, plus config as JSON.
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { evaluationApi } from "./queries";

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${field}: not valid JSON`);
  }
}

export function NewPromptVersionForm({ name, initial }: { name?: string; initial?: { type: "text" | "chat"; prompt: unknown; config: unknown } }) {
  const router = useRouter();
  const [promptName, setPromptName] = useState(name ?? "");
  const [type, setType] = useState<"text" | "chat">(initial?.type ?? "text");
  const [text, setText] = useState(typeof initial?.prompt === "string" ? initial.prompt : JSON.stringify(initial?.prompt ?? [{ role: "system", content: "" }], null, 2));
  const [config, setConfig] = useState(JSON.stringify(initial?.config ?? {}, null, 2));
  const [commitMessage, setCommitMessage] = useState("");
  const save = useMutation({
    mutationFn: () =>
      evaluationApi.createPromptVersion({
        name: promptName,
        type,
        prompt: type === "chat" ? parseJson(text, "prompt") : text,
        config: parseJson(config, "config"),
        ...(commitMessage ? { commitMessage } : {}),
      }),
    onSuccess: () => (name ? router.refresh() : router.push(`/prompts/${encodeURIComponent(promptName)}`)),
  });
  return (
    <form className="card stack" onSubmit={(e) => (e.preventDefault(), save.mutate())} aria-label={name ? "New version" : "New prompt"}>
      <h2>{name ? "New version" : "New prompt"}</h2>
      {name ? null : (
        <label>
          Name <input value={promptName} onChange={(e) => setPromptName(e.target.value)} required />
        </label>
      )}
      <label>
        Type{" "}
        <select value={type} onChange={(e) => setType(e.target.value as "text" | "chat")}>
          <option value="text">text</option>
          <option value="chat">chat (JSON messages)</option>
        </select>
      </label>
      <label>
        Prompt (use {"{{variable}}"} placeholders)
        <textarea rows={8} value={text} onChange={(e) => setText(e.target.value)} className="mono" />
      </label>
      <label>
        Config (model and parameters, JSON)
        <textarea rows={3} value={config} onChange={(e) => setConfig(e.target.value)} className="mono" />
      </label>
      <label>
        Commit message <input value={commitMessage} onChange={(e) => setCommitMessage(e.target.value)} />
      </label>
      <div className="form-row">
        <button className="btn btn-primary" disabled={save.isPending}>Save version</button>
        {save.isError ? <span className="alert alert-error" role="alert">{save.error.message}</span> : null}
      </div>
    </form>
  );
}
