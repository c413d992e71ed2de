/**
 * Dealing participants to the variants of a teaching experiment (methodology.md §2), deterministic from the
 * experiment's stored seed: the same seed always gives the same deal, so a deal can be checked and re-derived.
 */

/** A 128-bit state from a string (four FNV-1a style lanes), for the sfc32 generator below. */
function stateFrom(text: string): [number, number, number, number] {
  const lanes: [number, number, number, number] = [0x811c9dc5, 0x01000193 ^ 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (let k = 0; k < 4; k++) lanes[k] = Math.imul(lanes[k]! ^ (c + k * 131), 0x01000193 + k * 2) >>> 0;
  }
  return lanes;
}

/** sfc32: a small, well-mixed 32-bit generator; numbers in [0, 1). */
export function seededGenerator(seed: string): () => number {
  let [a, b, c, d] = stateFrom(seed);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next(); // warm up: the first outputs of a fresh state are correlated with it
  return next;
}

/** The items in a seeded random order (Fisher–Yates), independent of the order they were given in. */
export function dealOrder(seed: string, key: string, items: readonly string[]): string[] {
  const out = [...items].sort();
  const rand = seededGenerator(`${seed}:${key}`);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Where a class's deal starts, so that across classes no variant is always dealt first. */
function dealOffset(seed: string, classId: string, variants: number): number {
  return Math.floor(seededGenerator(`${seed}:offset:${classId}`)() * variants);
}

/** The variant (0-based) of the student dealt at `position` in a class's deal. */
export function variantAt(seed: string, classId: string, position: number, variants: number): number {
  return (dealOffset(seed, classId, variants) + position) % variants;
}

export interface DealtStudent {
  userId: string;
  variant: number;
  position: number;
}

/**
 * `unit: "student"`: the class's students in a seeded random order, dealt to the variants in turn, so the arms of
 * a class differ in size by at most one. A late joiner takes the next position (`variantAt(…, dealt, …)`).
 */
export function dealStudents(
  seed: string,
  classId: string,
  userIds: readonly string[],
  variants: number,
): DealtStudent[] {
  return dealOrder(seed, `class:${classId}`, userIds).map((userId, position) => ({
    userId,
    position,
    variant: variantAt(seed, classId, position, variants),
  }));
}

/** `unit: "class"`: whole classes in a seeded random order, dealt to the variants in turn. */
export function dealClasses(seed: string, classIds: readonly string[], variants: number): Map<string, number> {
  return new Map(dealOrder(seed, "classes", classIds).map((id, i) => [id, i % variants]));
}
