/**
 * `--passphrase-env`: the whole archive encrypted with AES-256-GCM in authenticated chunks, so that it streams
 * (GCM over one 2 GB message would need the whole of it before its tag could be checked).
 *
 * File: "LCBKENC1" | salt (16) | scrypt log2 N (1) | check (16) | chunks…
 * Chunk: length (4, big-endian, ≤ 64 KiB) | ciphertext | tag (16). The nonce is the chunk's index (8 bytes after
 * 4 zero bytes: the key is new for every file, from its random salt), and the additional data is the file header,
 * the index and whether the chunk is the last: chunks cannot be reordered, dropped, or cut off at a boundary.
 * `check` is an HMAC of the header under a second derived key: a wrong passphrase is told from a damaged file.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

export const MAGIC = Buffer.from("LCBKENC1", "ascii");
const CHUNK = 64 * 1024;
const HEADER = MAGIC.length + 16 + 1 + 16;
const LOG_N = 15;

export class DecryptionError extends Error {}

function deriveKeys(passphrase: string, salt: Buffer, logN: number): { key: Buffer; check: Buffer } {
  if (logN < 14 || logN > 20)
    throw new DecryptionError("the archive's key parameters are not ones this version writes");
  const material = scryptSync(passphrase, salt, 64, { N: 2 ** logN, r: 8, p: 1, maxmem: 256 * 2 ** logN * 8 * 2 });
  return { key: material.subarray(0, 32), check: material.subarray(32) };
}

function nonce(index: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aad(header: Buffer, index: number, last: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index), 0);
  tail[8] = last ? 1 : 0;
  return Buffer.concat([header, tail]);
}

function checkValue(checkKey: Buffer, header: Buffer): Buffer {
  return createHmac("sha256", checkKey).update(header).digest().subarray(0, 16);
}

/** Encrypts a stream; the last chunk is written on end (possibly empty), marked as the last. */
export function encryptStream(passphrase: string): Transform {
  const salt = randomBytes(16);
  const { key, check } = deriveKeys(passphrase, salt, LOG_N);
  const base = Buffer.concat([MAGIC, salt, Buffer.from([LOG_N])]);
  const header = Buffer.concat([base, checkValue(check, base)]);
  let index = 0;
  let pending: Buffer = Buffer.alloc(0);
  const seal = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv("aes-256-gcm", key, nonce(index));
    cipher.setAAD(aad(header, index, last));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    index++;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(plain.length);
    return Buffer.concat([len, body, cipher.getAuthTag()]);
  };
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (!started) {
        this.push(header);
        started = true;
      }
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      // Up to one whole chunk is held back: the last chunk is only known at the end of the stream.
      while (pending.length > CHUNK) {
        this.push(seal(pending.subarray(0, CHUNK), false));
        pending = pending.subarray(CHUNK);
      }
      done();
    },
    flush(done: TransformCallback) {
      if (!started) this.push(header);
      this.push(seal(pending, true));
      done();
    },
  });
}

/** Is this the start of an encrypted archive? */
export function isEncrypted(start: Buffer): boolean {
  return start.length >= MAGIC.length && start.subarray(0, MAGIC.length).equals(MAGIC);
}

/**
 * Decrypts; errors are DecryptionErrors that say whether the passphrase is wrong or the file damaged or cut off.
 * Nothing is passed on from a chunk before its tag has been checked.
 */
export function decryptStream(passphrase: string): Transform {
  let buffer: Buffer = Buffer.alloc(0);
  let header: Buffer | null = null;
  let key: Buffer | null = null;
  let index = 0;
  let sawLast = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      try {
        if (!header) {
          if (buffer.length < HEADER) return done();
          const h = buffer.subarray(0, HEADER);
          if (!h.subarray(0, MAGIC.length).equals(MAGIC)) throw new DecryptionError("this is not an encrypted archive");
          const base = h.subarray(0, HEADER - 16);
          const keys = deriveKeys(
            passphrase,
            h.subarray(MAGIC.length, MAGIC.length + 16),
            h[MAGIC.length + 16] as number,
          );
          if (!timingSafeEqual(checkValue(keys.check, base), h.subarray(HEADER - 16))) {
            throw new DecryptionError("wrong passphrase: the archive cannot be decrypted with it");
          }
          header = Buffer.from(h);
          key = keys.key;
          buffer = buffer.subarray(HEADER);
        }
        while (buffer.length >= 4) {
          if (sawLast) throw new DecryptionError("the archive is damaged (data after its last chunk)");
          const len = buffer.readUInt32BE(0);
          if (len > CHUNK) throw new DecryptionError("the archive is damaged (a chunk length is wrong)");
          const total = 4 + len + 16;
          if (buffer.length < total) break;
          // The last chunk is the one that fails as "not last" but opens as "last"; a short one must be last.
          const body = buffer.subarray(4, 4 + len);
          const tag = buffer.subarray(4 + len, total);
          const open = (last: boolean): Buffer | null => {
            const decipher = createDecipheriv("aes-256-gcm", key as Buffer, nonce(index));
            decipher.setAAD(aad(header as Buffer, index, last));
            decipher.setAuthTag(tag);
            try {
              return Buffer.concat([decipher.update(body), decipher.final()]);
            } catch {
              return null;
            }
          };
          let plain = len === CHUNK ? open(false) : null;
          if (!plain) {
            plain = open(true);
            if (plain) sawLast = true;
          }
          if (!plain) throw new DecryptionError("the archive is damaged (a chunk fails its authentication)");
          index++;
          buffer = buffer.subarray(total);
          if (plain.length) this.push(plain);
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      if (!header) return done(new DecryptionError("the archive is truncated (no complete header)"));
      if (buffer.length || !sawLast)
        return done(new DecryptionError("the archive is truncated (its last chunk is missing)"));
      done();
    },
  });
}
