// The messages between the compute pool and its worker threads, and how a thrown error crosses the thread
// boundary so the HTTP layer maps it exactly as it would have in-thread (AppError and ZodError keep their shape).
import { z } from "zod";
import { AppError, type ErrorCode } from "@/lib/errors";

export interface TaskRequest {
  id: number;
  task: string;
  input: unknown;
}

export type SerializedError =
  | { kind: "app"; code: ErrorCode; message: string; details?: unknown; headers?: Record<string, string> }
  | { kind: "zod"; issues: z.core.$ZodIssue[] }
  | { kind: "error"; name: string; message: string; stack?: string };

export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof AppError) return { kind: "app", code: err.code, message: err.message, details: err.details, headers: err.headers };
  if (err instanceof z.ZodError) return { kind: "zod", issues: err.issues };
  if (err instanceof Error) return { kind: "error", name: err.name, message: err.message, stack: err.stack };
  return { kind: "error", name: "Error", message: String(err) };
}

export function deserializeError(e: SerializedError): Error {
  if (e.kind === "app") return new AppError(e.code, e.message, e.details, e.headers);
  if (e.kind === "zod") return new z.ZodError(e.issues);
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}
