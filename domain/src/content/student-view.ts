/**
 * What a student receives before submitting: every item stripped of whatever reveals an answer (right options,
 * fractions, accepted answers, per-answer feedback, gap answers, the right order, the words to find), and shuffled
 * deterministically from a seed (the attempt id), so a reload shows the same order and two students see different
 * ones. Pure: no I/O, no clock, no Math.random.
 *
 * Field names follow what the web player reads (web/src/player/view.ts): `bank` for word banks, `lefts`/`rights`
 * for matching, `units` for ordering, `tokens` for mark_words.
 */
import type { StudentItem } from "../api/types.ts";
import type { Exercise, Item } from "./schema.ts";
import { itemPoints, markWordsParts, markWordsTokens } from "./schema.ts";

/** A seeded pseudo-random generator in [0, 1): mulberry32 over a 32-bit FNV-1a hash of the seed. */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given generator; returns a new array. */
export function seededShuffle<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const sameOrder = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Shuffles the units of an ordering item so that the shown order is never already a right answer (when avoidable). */
function shuffleAwayFrom(units: readonly string[], rightOrders: readonly (readonly string[])[], random: () => number) {
  let out = seededShuffle(units, random);
  for (let tries = 0; tries < 10 && rightOrders.some((r) => sameOrder(r, out)); tries++) {
    out = seededShuffle(units, random);
  }
  if (rightOrders.some((r) => sameOrder(r, out)) && out.length > 1) out = [...out.slice(1), out[0] as string];
  return out;
}

export interface StudentViewOptions {
  /** Seeds every shuffle; the attempt id, so the view is stable on reload. */
  seed: string;
  /** Shuffle the items (within the sections that descriptions delimit) and the options of choice items. */
  shuffle?: boolean;
  /** The attempt is submitted: a transcript kept back until then (`transcriptAfterSubmit`) is shown. */
  submitted?: boolean;
}

/** One item as the student sees it. Banks, right-hand sides and ordering units are always shuffled. */
export function toStudentItem(item: Item & { id: string }, opts: StudentViewOptions): StudentItem {
  const random = seededRandom(`${opts.seed}:${item.id}`);
  const base: StudentItem = {
    id: item.id,
    type: item.type,
    prompt: item.prompt,
    promptFormat: item.promptFormat,
    points: itemPoints(item),
    ...(item.title !== undefined ? { title: item.title } : {}),
    ...(item.media ? { media: item.media } : {}),
  };
  switch (item.type) {
    case "multiple_choice": {
      const options = item.options.map((o, i) => ({ id: o.id ?? String(i), text: o.text }));
      return {
        ...base,
        multiple: item.multiple,
        options: item.shuffle || opts.shuffle ? seededShuffle(options, random) : options,
      };
    }
    case "gap_fill": {
      const gaps = item.gaps.map((g) =>
        item.mode === "dropdown" && g.options
          ? // Authors tend to write the right option first: always shuffled, or its place would give it away.
            { id: g.id, options: seededShuffle(g.options, random) }
          : { id: g.id },
      );
      const view: StudentItem = { ...base, mode: item.mode, gaps };
      if (item.mode === "word_bank") {
        // One right answer per gap (the best one) plus the distractors: the bank must not list every accepted form.
        const best = item.gaps.map((g) => [...g.answers].sort((a, b) => b.fraction - a.fraction)[0]?.text ?? "");
        view.bank = seededShuffle([...best, ...(item.distractors ?? [])], random);
      }
      return view;
    }
    case "matching": {
      const lefts = item.pairs.map((p) => p.left);
      const rights = [...new Set([...item.pairs.map((p) => p.right), ...(item.distractors ?? [])])];
      return {
        ...base,
        lefts: opts.shuffle ? seededShuffle(lefts, random) : lefts,
        rights: seededShuffle(rights, random),
      };
    }
    case "ordering":
      return {
        ...base,
        unit: item.unit,
        units: shuffleAwayFrom(item.sequence, [item.sequence, ...(item.alternatives ?? [])], random),
      };
    case "mark_words": {
      // The teacher's instruction stays the prompt; only the text after it becomes tokens.
      const tokens = markWordsTokens(item.prompt).map((t) => t.text);
      return { ...base, prompt: markWordsParts(item.prompt).instruction, tokens };
    }
    case "essay":
      return {
        ...base,
        ...(item.minWords !== undefined ? { minWords: item.minWords } : {}),
        ...(item.maxWords !== undefined ? { maxWords: item.maxWords } : {}),
        // The criteria tell the student what counts; they reveal no answer.
        ...(item.rubric ? { rubric: item.rubric } : {}),
      };
    default:
      // true_false, short_answer, numerical, description: the prompt is all there is to show.
      return base;
  }
}

/**
 * Shuffles items within sections: a description opens a section (it usually introduces the items after it), so
 * it stays in place and only the items between two descriptions trade places.
 */
function shuffleWithinSections<T extends { type: string }>(items: readonly T[], random: () => number): T[] {
  const out: T[] = [];
  let run: T[] = [];
  const flush = () => {
    out.push(...seededShuffle(run, random));
    run = [];
  };
  for (const item of items) {
    if (item.type === "description") {
      flush();
      out.push(item);
    } else run.push(item);
  }
  flush();
  return out;
}

export interface StudentExercise {
  title: string;
  instructions?: string;
  passage?: string;
  passageFormat?: string;
  media?: unknown;
  items: StudentItem[];
}

/** The exercise as the student sees it. Items must carry ids (normalizeExercise gives them). */
export function toStudentExercise(exercise: Exercise, opts: StudentViewOptions): StudentExercise {
  const items = exercise.items.map((it, i) => ({ ...it, id: it.id ?? `q${i + 1}` }) as Item & { id: string });
  const ordered = opts.shuffle ? shuffleWithinSections(items, seededRandom(`${opts.seed}:items`)) : items;
  return {
    title: exercise.title,
    ...(exercise.instructions !== undefined ? { instructions: exercise.instructions } : {}),
    ...(exercise.passage !== undefined && (!exercise.transcriptAfterSubmit || opts.submitted)
      ? { passage: exercise.passage }
      : {}),
    ...(exercise.passageFormat !== undefined ? { passageFormat: exercise.passageFormat } : {}),
    ...(exercise.media ? { media: exercise.media } : {}),
    items: ordered.map((it) => toStudentItem(it, opts)),
  };
}
