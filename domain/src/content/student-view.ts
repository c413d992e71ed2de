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
import { itemModule } from "../items/registry.ts";
import type { Exercise, Item } from "./schema.ts";
import { itemPoints } from "./schema.ts";
import { seededRandom, seededShuffle } from "./shuffle.ts";

export { seededRandom, seededShuffle };

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
  return itemModule(item).studentView(item, base, { random, shuffle: !!opts.shuffle });
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
