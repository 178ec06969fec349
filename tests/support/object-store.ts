// A local S3 protocol server (s3rver) for one test file, on a random localhost port, with the warehouse pointed at a
// bucket on it (PRISM_WAREHOUSE_URL=s3://…, AWS_ENDPOINT_URL, test credentials) and PRISM_DATA_DIR at a temp folder.
import { afterAll, beforeAll } from "vitest";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { resetEnvCache } from "@/lib/env";

const VARS = ["PRISM_WAREHOUSE_URL", "PRISM_DATA_DIR", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const;

/**
 * s3rver seals its ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node 17 and later) no longer offers, so
 * a truncated listing answers InternalError. The token is opaque to clients: while the test server runs, "des" is an
 * identity cipher (the token is the plain key), so paginated listings work. Returns the undo.
 */
function identityDesForS3rver(): () => void {
  const originals = { createCipheriv: crypto.createCipheriv, createDecipheriv: crypto.createDecipheriv };
  const identity = { update: (data: string | Buffer, encoding?: BufferEncoding) => Buffer.from(data as string, encoding), final: () => Buffer.alloc(0) };
  const patch = crypto as unknown as Record<keyof typeof originals, (...args: unknown[]) => unknown>;
  for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
    patch[name] = (algorithm: unknown, ...rest: unknown[]) => (algorithm === "des" ? identity : (originals[name] as (...a: unknown[]) => unknown)(algorithm, ...rest));
  }
  return () => Object.assign(crypto, originals);
}

export function localObjectStore(bucket: string, prefix: string) {
  let server: S3rver | undefined;
  let dir = "";
  let client: S3Client | undefined;
  const saved: Partial<Record<(typeof VARS)[number], string>> = {};
  let undoDes = () => {};
  beforeAll(async () => {
    undoDes = identityDesForS3rver();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "prism-s3-"));
    server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: path.join(dir, "s3"), configureBuckets: [{ name: bucket }] });
    const { port } = await server.run();
    for (const v of VARS) saved[v] = process.env[v];
    Object.assign(process.env, {
      PRISM_WAREHOUSE_URL: `s3://${bucket}/${prefix}`,
      PRISM_DATA_DIR: path.join(dir, "data"),
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_REGION: "us-east-1",
      // s3rver's fixed test credentials.
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
    });
    resetEnvCache();
    client = new S3Client({ endpoint: process.env.AWS_ENDPOINT_URL, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
    undoDes();
    for (const v of VARS) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
    resetEnvCache();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** The local cache folder of the warehouse (PRISM_DATA_DIR/warehouse-cache/bucket/prefix). */
    cache: () => path.join(dir, "data", "warehouse-cache", bucket, ...prefix.split("/")),
    client: () => client!,
    /** Every object key under the prefix. */
    async keys(): Promise<string[]> {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client!.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
  };
}
