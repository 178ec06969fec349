// Collects Prism's JSON log records for a test (lib/log writes to stdout otherwise, silent under tests).
import { afterEach } from "vitest";
import { resetLogger } from "@/lib/log";

export type LogRecord = Record<string, unknown> & { level: string; msg: string };

/** From here to the end of the test, every record at `level` or above lands in the returned array. */
export function collectLogs(level = "info"): LogRecord[] {
  const records: LogRecord[] = [];
  resetLogger({ level, destination: { write: (line: string) => void records.push(JSON.parse(line) as LogRecord) } });
  return records;
}

afterEach(() => resetLogger());
