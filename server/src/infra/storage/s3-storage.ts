/**
 * Any S3-compatible service (AWS, MinIO, R2, Ceph…). Credentials come from the SDK's usual chain (the AWS_*
 * variables, profiles, instance roles). Uploads stream in parts, so memory stays flat whatever the file size.
 */

import { Readable, Transform } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { assertKey, type ByteRange, type Storage, StorageNotFoundError } from "./storage.ts";

export interface S3Options {
  bucket: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Explicit credentials (tests); otherwise the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export class S3Storage implements Storage {
  readonly kind = "s3";
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(opts: S3Options) {
    this.bucket = opts.bucket;
    this.client = new S3Client({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      forcePathStyle: opts.forcePathStyle,
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      // Many S3-compatible services reject the SDK's newer default (chunked uploads with trailing checksums).
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(key: string, body: Readable, contentType: string): Promise<void> {
    assertKey(key);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      queueSize: 2,
      partSize: 8 * 1024 * 1024,
    });
    await upload.done();
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertKey(key);
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      if (!(res.Body instanceof Readable)) throw new Error("S3 returned a body that is not a Node stream");
      if (!range) return res.Body;
      // HTTP lets a server ignore a Range or widen it (some S3 look-alikes send the whole object for `bytes=0-0`):
      // cut out exactly what was asked, from wherever the body starts.
      const sent = /^bytes (\d+)-(\d+)\//.exec(res.ContentRange ?? "");
      const first = sent ? Number(sent[1]) : 0;
      if (sent && first === range.start && Number(sent[2]) === range.end) return res.Body;
      return sliceStream(res.Body, range, first);
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) {
        throw new StorageNotFoundError(key);
      }
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

/** The bytes start..end (inclusive) of a whole-object stream. */
function sliceStream(body: Readable, range: ByteRange, firstByte: number): Readable {
  let offset = firstByte;
  const cut = new Transform({
    transform(chunk: Buffer, _enc, next) {
      const from = Math.max(range.start - offset, 0);
      const to = Math.min(range.end + 1 - offset, chunk.length);
      offset += chunk.length;
      if (to > from) this.push(chunk.subarray(from, to));
      if (offset > range.end) {
        this.push(null);
        body.destroy();
      }
      next();
    },
  });
  body.on("error", (err) => cut.destroy(err));
  return body.pipe(cut);
}
