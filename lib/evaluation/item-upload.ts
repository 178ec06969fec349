// Dataset items from an uploaded file: JSON Lines (one `{ input, expectedOutput?, metadata? }` per line) or CSV with a
// header row (`input`, `expected_output`/`expectedOutput`, any other column goes into metadata). Errors name the line.
import { AppError } from "@/lib/errors";
import { datasetItemFields } from "./dataset-input";

export const MAX_UPLOAD_ITEMS = 10_000;
type Parsed = { input: unknown; expectedOutput?: unknown; metadata?: Record<string, unknown> };

/** RFC 4180 records: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endField();
      rows.push(row);
      row = [];
    } else field += ch;
  }
  if (quoted) throw new AppError("invalid_request", "file: a quoted CSV field is not closed");
  if (field !== "" || row.length) {
    endField();
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f !== ""));
}

/** A cell as JSON when it is a JSON object or array, else the text. */
function cell(value: string): unknown {
  const t = value.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return JSON.parse(t);
    } catch {
      return value;
    }
  }
  return value;
}

function check(raw: unknown, where: string): Parsed {
  const parsed = datasetItemFields.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("invalid_request", `${where}: ${issue.path.join(".") || "item"} ${issue.message}`, [{ path: where }]);
  }
  return parsed.data as Parsed;
}

export function parseItemFile(text: string, format: "csv" | "jsonl"): Parsed[] {
  const items: Parsed[] = [];
  if (format === "jsonl") {
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new AppError("invalid_request", `line ${i + 1}: not valid JSON`, [{ path: `line ${i + 1}` }]);
      }
      items.push(check(raw, `line ${i + 1}`));
    });
  } else {
    const [header, ...rows] = parseCsv(text);
    if (!header) throw new AppError("invalid_request", "file: empty");
    const names = header.map((h) => h.trim());
    const inputAt = names.indexOf("input");
    if (inputAt < 0) throw new AppError("invalid_request", "row 1: the header needs an `input` column", [{ path: "row 1" }]);
    const expectedAt = names.findIndex((n) => n === "expected_output" || n === "expectedOutput");
    rows.forEach((r, i) => {
      const metadata = Object.fromEntries(names.flatMap((n, j) => (j === inputAt || j === expectedAt || r[j] === undefined || r[j] === "" ? [] : [[n, cell(r[j]!)]])));
      const expected = expectedAt >= 0 && r[expectedAt] ? cell(r[expectedAt]!) : undefined;
      items.push(check({ input: r[inputAt] ? cell(r[inputAt]!) : undefined, expectedOutput: expected, metadata }, `row ${i + 2}`));
    });
  }
  if (items.length === 0) throw new AppError("invalid_request", "file: no items");
  if (items.length > MAX_UPLOAD_ITEMS) throw new AppError("payload_too_large", `file: at most ${MAX_UPLOAD_ITEMS} items per upload`);
  return items;
}
