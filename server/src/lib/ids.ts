import { randomFillSync } from "node:crypto";

/**
 * Random bytes come from a pool refilled 4 KiB at a time: one `randomBytes(16)` per id was a system call per
 * request (request ids) and per row written, and showed up as a tenth of a trivial request's time.
 */
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function take16(): Buffer {
  if (offset + 16 > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  // A copy: the pool's bytes are overwritten on the next refill, and each id must own its bits.
  const b = Buffer.from(pool.subarray(offset, offset + 16));
  offset += 16;
  return b;
}

/** The millisecond of the last id, and the counter within it (RFC 9562, "fixed bit-length dedicated counter"). */
let lastMs = -1;
let counter = 0;

/**
 * UUIDv7 (RFC 9562): a millisecond timestamp then random bits. Generated in the app because MySQL has no
 * RETURNING, and time-ordered so that primary-key indexes stay append-mostly and cursors sort by creation. Within
 * one millisecond the 12 bits after the version are a counter (started at a random value below 2048), so a
 * process's ids sort in the order they were made, however fast: lists paged by id ("newest first") then show
 * things in the order they were created. Past 4,095 ids in one millisecond the timestamp moves on by one.
 */
export function newId(now = Date.now()): string {
  const b = take16();
  if (now <= lastMs) {
    // The same millisecond, one borrowed by an overflow, or a clock set back: count on from the last id.
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
  } else {
    lastMs = now;
    counter = (((b[6] as number) & 0x07) << 8) | (b[7] as number);
  }
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The current time as the ISO 8601 UTC string stored in every timestamp column. */
export function nowIso(now = Date.now()): string {
  return new Date(now).toISOString();
}
