import { randomFillSync } from "node:crypto";

/**
 * Random bytes come from a pool refilled 4 KiB at a time: one `randomBytes(16)` per id was a system call per
 * request (request ids) and per row written, and showed up as a tenth of a trivial request's time.
 */
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

/** Two hex digits per byte value: an id is written from the pool's bytes without a Buffer of its own. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** The offset of 16 fresh random bytes in the pool (each id owns its bits: they are read before any refill). */
function take16(): number {
  if (offset + 16 > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const at = offset;
  offset += 16;
  return at;
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
  const at = take16();
  const b = pool;
  if (now <= lastMs) {
    // The same millisecond, one borrowed by an overflow, or a clock set back: count on from the last id.
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
  } else {
    lastMs = now;
    counter = (((b[at + 6] as number) & 0x07) << 8) | (b[at + 7] as number);
  }
  const t = lastMs.toString(16).padStart(12, "0");
  const h = (i: number) => HEX[b[at + i] as number];
  return (
    `${t.slice(0, 8)}-${t.slice(8, 12)}-${HEX[0x70 | (counter >> 8)]}${HEX[counter & 0xff]}-` +
    `${HEX[((b[at + 8] as number) & 0x3f) | 0x80]}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`
  );
}

/** The current time as the ISO 8601 UTC string stored in every timestamp column. */
export function nowIso(now = Date.now()): string {
  return new Date(now).toISOString();
}
