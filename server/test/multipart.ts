/** Builds multipart/form-data bodies for app.inject, byte for byte (binary files included). */
import { randomBytes } from "node:crypto";
import type { Client } from "./harness.ts";

export interface FilePart {
  field?: string;
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export function multipartBody(fields: Record<string, string>, files: FilePart[]) {
  const boundary = `----lc${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? "file"}"; filename="${f.filename}"\r\n` +
          `Content-Type: ${f.contentType ?? "application/octet-stream"}\r\n\r\n`,
      ),
      Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a multipart form as the client (with its session cookie). */
export async function postForm(
  client: Client,
  url: string,
  fields: Record<string, string>,
  files: FilePart[],
  headers: Record<string, string> = {},
) {
  const { payload, contentType } = multipartBody(fields, files);
  return client.app.inject({
    method: "POST",
    url,
    payload,
    headers: { ...(client.cookie ? { cookie: client.cookie } : {}), "content-type": contentType, ...headers },
  });
}
