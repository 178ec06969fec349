// The tiers on an S3-compatible store (PRISM_WAREHOUSE_URL=s3://bucket/prefix): files are still written locally by
// DuckDB and zlib, then uploaded under the prefix; readers fetch a file into the local cache when it is not there.
// Without an s3:// URL every function here is a no-op and the local folder is the store of record.
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { S3Client } from "@aws-sdk/client-s3";
import { env } from "@/lib/env";
import { absolutePath, s3Location } from "./location";
import { replaceAtomically, streamStats, type FileStats } from "./files";

type S3Env = Pick<ReturnType<typeof env>, "PRISM_WAREHOUSE_URL" | "AWS_ENDPOINT_URL" | "AWS_REGION" | "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY">;

const clients = new Map<string, S3Client>();

/** The object store and the SDK (loaded only when an s3:// URL is set), or null. */
async function remote(e: S3Env = env()) {
  const loc = s3Location(e.PRISM_WAREHOUSE_URL);
  if (!loc) return null;
  const sdk = await import("@aws-sdk/client-s3");
  const id = [e.AWS_ENDPOINT_URL, e.AWS_REGION, e.AWS_ACCESS_KEY_ID].join("|");
  let client = clients.get(id);
  if (!client) {
    client = new sdk.S3Client({
      endpoint: e.AWS_ENDPOINT_URL,
      // Self-hosted stores (MinIO, s3rver, Ceph) address buckets by path; AWS itself by host.
      forcePathStyle: !!e.AWS_ENDPOINT_URL,
      region: e.AWS_REGION ?? "us-east-1",
      credentials: e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY } : undefined,
    });
    clients.set(id, client);
  }
  return { ...loc, client, sdk, key: (relative: string) => (loc.prefix ? `${loc.prefix}/${relative}` : relative) };
}

/** Whether the tiers live on an object store (files are then uploaded after each write). */
export function objectStoreConfigured(): boolean {
  return s3Location(env().PRISM_WAREHOUSE_URL) !== null;
}

/** Uploads a file just written under `root` (no-op without an object store). */
export async function publishFile(root: string, relative: string): Promise<void> {
  const r = await remote();
  if (!r) return;
  const body = await fs.promises.readFile(absolutePath(root, relative));
  await r.client.send(new r.sdk.PutObjectCommand({ Bucket: r.bucket, Key: r.key(relative), Body: body, ContentLength: body.length }));
}

/** Deletes a file's object (no-op without an object store; a missing object is not an error in S3). */
export async function unpublishFile(relative: string): Promise<void> {
  const r = await remote();
  if (r) await r.client.send(new r.sdk.DeleteObjectCommand({ Bucket: r.bucket, Key: r.key(relative) }));
}

export interface StoredObject {
  /** The key without the warehouse prefix: the manifest path a file would have. */
  relative: string;
  lastModified: Date;
  bytes: number;
}

/**
 * Every object under a folder of the store (ListObjectsV2, `pageSize` keys a request, following continuation tokens);
 * [] without an object store.
 */
export async function listStoredObjects(folder: string, pageSize?: number): Promise<StoredObject[]> {
  const r = await remote();
  if (!r) return [];
  const base = r.key("");
  const objects: StoredObject[] = [];
  let token: string | undefined;
  do {
    const page = await r.client.send(new r.sdk.ListObjectsV2Command({ Bucket: r.bucket, Prefix: r.key(`${folder}/`), ContinuationToken: token, MaxKeys: pageSize }));
    for (const o of page.Contents ?? []) {
      if (o.Key) objects.push({ relative: o.Key.slice(base.length), lastModified: o.LastModified ?? new Date(0), bytes: o.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/**
 * Deletes a warehouse file from the store and the local folder: the object first, so a crash in between leaves the
 * local file, which still marks the object as possibly present for the orphan sweep (sweep.ts) to find.
 */
export async function removeStoredFile(root: string, relative: string): Promise<void> {
  await unpublishFile(relative);
  await fs.promises.rm(absolutePath(root, relative), { force: true });
}

async function getObject(relative: string) {
  const r = await remote();
  if (!r) return null;
  try {
    const out = await r.client.send(new r.sdk.GetObjectCommand({ Bucket: r.bucket, Key: r.key(relative) }));
    return out.Body as Readable;
  } catch (err) {
    if ((err as { name?: string }).name === "NoSuchKey" || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw err;
  }
}

/**
 * Makes sure a manifest file is on local disk before it is read or rewritten: true when it is (already, or fetched
 * from the object store into the cache), false when neither has it.
 */
export async function ensureLocal(root: string, relative: string): Promise<boolean> {
  const full = absolutePath(root, relative);
  if (fs.existsSync(full)) return true;
  const body = await getObject(relative);
  if (!body) return false;
  await replaceAtomically(full, (tmp) => pipeline(body, fs.createWriteStream(tmp)));
  return true;
}

/** Size and sha256 of a file's object as stored (the validator checks the store of record); null when missing. */
export async function remoteStats(relative: string): Promise<FileStats | null> {
  const body = await getObject(relative);
  if (!body) return null;
  return streamStats(body);
}
