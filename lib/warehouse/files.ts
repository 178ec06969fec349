// File plumbing shared by the tiers: checksums, sizes, and the temp-name-then-rename that makes replacing atomic.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

export interface FileStats {
  bytes: number;
  sha256: string;
}

/** Size and sha256 of a stream of bytes (a local file, or an object body read from the store). */
export async function streamStats(chunks: AsyncIterable<unknown>): Promise<FileStats> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of chunks) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest("hex") };
}

export function fileStats(file: string): Promise<FileStats> {
  return streamStats(createReadStream(file));
}

/**
 * Writes `file` through a temp name beside it: `write` fills the temp path, which is then renamed over the target
 * (atomic on one filesystem), so a reader or a crash sees the old file or the new one, never half of one.
 */
export async function replaceAtomically<T>(file: string, write: (tmp: string) => Promise<T>): Promise<T> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${randomBytes(6).toString("hex")}`);
  try {
    const result = await write(tmp);
    await fs.rename(tmp, file);
    return result;
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
