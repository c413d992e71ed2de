/**
 * A real S3-protocol server for the tests (s3rver), on a random port with a temporary directory, so the S3 adapter
 * is tested over HTTP exactly as it talks to AWS or MinIO.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error s3rver ships no type declarations
import S3rver from "s3rver";

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** The variables that point the app at this server (credentials through the SDK's usual AWS_* chain). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startS3(bucket = "media"): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), "lc-s3-"));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver accepts exactly these credentials; the adapter reads them the standard way.
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  return {
    endpoint,
    bucket,
    env: { S3_BUCKET: bucket, S3_ENDPOINT: endpoint, S3_FORCE_PATH_STYLE: "true", S3_REGION: "us-east-1" },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
