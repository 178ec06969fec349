// A local S3 protocol server (s3rver) for one test file, on a random localhost port, with the warehouse pointed at a
// bucket on it (PRISM_WAREHOUSE_URL=s3://…, AWS_ENDPOINT_URL, test credentials) and PRISM_DATA_DIR at a temp folder.
import { afterAll, beforeAll } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { resetEnvCache } from "@/lib/env";

const VARS = ["PRISM_WAREHOUSE_URL", "PRISM_DATA_DIR", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const;

export function localObjectStore(bucket: string, prefix: string) {
  let server: S3rver | undefined;
  let dir = "";
  let client: S3Client | undefined;
  const saved: Partial<Record<(typeof VARS)[number], string>> = {};
  beforeAll(async () => {
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
