// A local stand-in for an external OpenAI-compatible provider: it serves POST {base}/chat/completions over real HTTP,
// checks the bearer key, answers with the reply a test chooses and its token usage, and records every request. Tests
// configure Prism to use it the way a user would (OPENAI_API_KEY and OPENAI_BASE_URL), so the whole provider path runs
// offline.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { vi } from "vitest";
import { resetEnvCache } from "@/lib/env";

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  [param: string]: unknown;
}

/** A reply: the message text and its token usage, or an HTTP error status. */
export type ChatReply = { content: string; promptTokens: number; completionTokens: number } | { status: number };

export const DOUBLE_API_KEY = "sk-test-double";

export async function startOpenAiDouble(reply: (request: ChatRequest) => ChatReply) {
  const requests: ChatRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.statusCode = 404;
        return res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      }
      if (req.headers.authorization !== `Bearer ${DOUBLE_API_KEY}`) {
        res.statusCode = 401;
        return res.end(JSON.stringify({ error: { message: "Incorrect API key provided" } }));
      }
      const request = JSON.parse(body) as ChatRequest;
      requests.push(request);
      const r = reply(request);
      if ("status" in r) {
        res.statusCode = r.status;
        return res.end(JSON.stringify({ error: { message: "upstream failure" } }));
      }
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: "chat.completion",
          model: request.model,
          choices: [{ index: 0, message: { role: "assistant", content: r.content }, finish_reason: "stop" }],
          usage: { prompt_tokens: r.promptTokens, completion_tokens: r.completionTokens, total_tokens: r.promptTokens + r.completionTokens },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    baseUrl,
    requests,
    /** Configures Prism's provider as a user does: OPENAI_API_KEY and OPENAI_BASE_URL pointing at this server. */
    configure(apiKey = DOUBLE_API_KEY) {
      vi.stubEnv("OPENAI_API_KEY", apiKey);
      vi.stubEnv("OPENAI_BASE_URL", baseUrl);
      resetEnvCache();
    },
    /** No provider: OPENAI_API_KEY empty. */
    unconfigure() {
      vi.stubEnv("OPENAI_API_KEY", "");
      resetEnvCache();
    },
    /** Restores the environment as it was before configure/unconfigure. */
    restoreEnv() {
      vi.unstubAllEnvs();
      resetEnvCache();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
