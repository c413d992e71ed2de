/**
 * The bench's exercise: 20 gradable items of every type a teacher uses (choices, true/false, typed answers, gaps in
 * three modes, matching, ordering, marked words, numbers and one essay), and for each item the answers students
 * really give: the right one, typos, the typical mistakes of learners of English, and now and then nothing.
 *
 * `answerSet` draws a whole attempt's answers from a student's ability (a Rasch-like model: harder items are
 * missed more often), so graded rows, error categories and item statistics look like a real class's.
 */
import {
  type ExerciseInput,
  type GradeResult,
  grade,
  type Item,
  parseExercise,
  type Response,
} from "@languagecloud/domain";

export const BENCH_EXERCISE: ExerciseInput = {
  title: "Bench: past and present",
  instructions: "Answer every question.",
  level: "B1",
  skills: ["grammar", "vocabulary"],
  tags: ["bench"],
  items: [
    {
      id: "mc1",
      type: "multiple_choice",
      prompt: "She ___ to school every day.",
      options: [
        { id: "a", text: "go", fraction: 0, feedback: "Third person needs -s." },
        { id: "b", text: "goes", fraction: 1, feedback: "Right!" },
        { id: "c", text: "going", fraction: 0 },
      ],
    },
    { id: "tf1", type: "true_false", prompt: "London is in France.", answer: false },
    { id: "sa1", type: "short_answer", prompt: "Past of 'go'?", answers: [{ text: "went", fraction: 1 }] },
    {
      id: "sa2",
      type: "short_answer",
      prompt: "I have lived here ___ 2010.",
      answers: [{ text: "since", fraction: 1 }],
    },
    { id: "num1", type: "numerical", prompt: "Days in a week?", answers: [{ value: 7, tolerance: 0, fraction: 1 }] },
    {
      id: "gap1",
      type: "gap_fill",
      prompt: "He [[g1]] to work and [[g2]] home at six.",
      points: 2,
      gaps: [
        { id: "g1", answers: [{ text: "goes", fraction: 1 }] },
        { id: "g2", answers: [{ text: "comes", fraction: 1 }] },
      ],
    },
    {
      id: "bank1",
      type: "gap_fill",
      mode: "word_bank",
      prompt: "A [[g1]] barks and a [[g2]] meows.",
      gaps: [
        { id: "g1", answers: [{ text: "dog", fraction: 1 }] },
        { id: "g2", answers: [{ text: "cat", fraction: 1 }] },
      ],
      distractors: ["cow"],
    },
    {
      id: "drop1",
      type: "gap_fill",
      mode: "dropdown",
      prompt: "I am [[g1]] the bus.",
      gaps: [{ id: "g1", answers: [{ text: "on", fraction: 1 }], options: ["on", "in", "at"] }],
    },
    {
      id: "match1",
      type: "matching",
      prompt: "Match the countries and capitals.",
      pairs: [
        { left: "France", right: "Paris" },
        { left: "Spain", right: "Madrid" },
        { left: "Italy", right: "Rome" },
      ],
      distractors: ["Berlin"],
    },
    { id: "order1", type: "ordering", prompt: "Put the words in order.", sequence: ["I", "go", "to", "school"] },
    { id: "mark1", type: "mark_words", prompt: "She *go* to school *yesterday* morning." },
    {
      id: "mc2",
      type: "multiple_choice",
      prompt: "Which sentence is right?",
      options: [
        { id: "a", text: "I have seen him yesterday.", fraction: 0 },
        { id: "b", text: "I saw him yesterday.", fraction: 1 },
        { id: "c", text: "I see him yesterday.", fraction: 0 },
        { id: "d", text: "I was see him yesterday.", fraction: 0 },
      ],
    },
    { id: "sa3", type: "short_answer", prompt: "Plural of 'child'?", answers: [{ text: "children", fraction: 1 }] },
    {
      id: "sa4",
      type: "short_answer",
      prompt: "He ___ (not like) coffee.",
      answers: [
        { text: "doesn't like", fraction: 1 },
        { text: "does not like", fraction: 1 },
      ],
    },
    { id: "tf2", type: "true_false", prompt: "'Went' is the past participle of 'go'.", answer: false },
    {
      id: "gap2",
      type: "gap_fill",
      prompt: "If I [[g1]] rich, I would travel the world.",
      gaps: [
        {
          id: "g1",
          answers: [
            { text: "were", fraction: 1 },
            { text: "was", fraction: 0.5 },
          ],
        },
      ],
    },
    {
      id: "sa5",
      type: "short_answer",
      prompt: "Comparative of 'good'?",
      answers: [{ text: "better", fraction: 1 }],
    },
    {
      id: "num2",
      type: "numerical",
      prompt: "Minutes in an hour?",
      answers: [{ value: 60, tolerance: 0, fraction: 1 }],
    },
    {
      id: "sa6",
      type: "short_answer",
      prompt: "She has lived in Paris ___ three years.",
      answers: [{ text: "for", fraction: 1 }],
    },
    {
      id: "essay1",
      type: "essay",
      prompt: "Describe your town.",
      points: 5,
      minWords: 3,
      rubric: [
        { criterion: "Grammar", points: 3 },
        { criterion: "Vocabulary", points: 2 },
      ],
    },
  ],
};

/** Per item: the right answer first, then what students get wrong (typos, typical mistakes). */
const ANSWERS: Record<string, Response[]> = {
  mc1: [{ selected: ["b"] }, { selected: ["a"] }, { selected: ["c"] }],
  tf1: [{ value: false }, { value: true }],
  sa1: [{ text: "went" }, { text: "goed" }, { text: "wnet" }, { text: "gone" }],
  sa2: [{ text: "since" }, { text: "for" }, { text: "sinse" }],
  num1: [{ value: 7 }, { value: 5 }],
  gap1: [
    { gaps: { g1: "goes", g2: "comes" } },
    { gaps: { g1: "go", g2: "come" } },
    { gaps: { g1: "gose", g2: "comes" } },
  ],
  bank1: [{ gaps: { g1: "dog", g2: "cat" } }, { gaps: { g1: "cat", g2: "dog" } }, { gaps: { g1: "dog", g2: "cow" } }],
  drop1: [{ gaps: { g1: "on" } }, { gaps: { g1: "in" } }],
  match1: [
    { matches: { France: "Paris", Spain: "Madrid", Italy: "Rome" } },
    { matches: { France: "Paris", Spain: "Rome", Italy: "Madrid" } },
    { matches: { France: "Berlin", Spain: "Madrid", Italy: "Rome" } },
  ],
  order1: [{ sequence: ["I", "go", "to", "school"] }, { sequence: ["I", "to", "go", "school"] }],
  mark1: [{ marked: [1, 4] }, { marked: [1] }, { marked: [0, 4] }],
  mc2: [{ selected: ["b"] }, { selected: ["a"] }, { selected: ["d"] }],
  sa3: [{ text: "children" }, { text: "childs" }, { text: "childrens" }, { text: "chilren" }],
  sa4: [{ text: "doesn't like" }, { text: "does not like" }, { text: "don't like" }, { text: "not likes" }],
  tf2: [{ value: false }, { value: true }],
  gap2: [{ gaps: { g1: "were" } }, { gaps: { g1: "was" } }, { gaps: { g1: "am" } }],
  sa5: [{ text: "better" }, { text: "gooder" }, { text: "more good" }, { text: "beter" }],
  num2: [{ value: 60 }, { value: 100 }],
  sa6: [{ text: "for" }, { text: "since" }, { text: "during" }],
  essay1: [
    { text: "My town is small and quiet, with a river and an old bridge." },
    { text: "My town is very beautiful. There is many shops and a big park." },
  ],
};

/** The exercise as the server stores it (ids filled, defaults applied). */
export const benchExercise = parseExercise(BENCH_EXERCISE);
export const BENCH_ITEMS: Item[] = benchExercise.items.filter((it) => it.type !== "description");

/** A small deterministic PRNG (mulberry32), so every run generates the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Item difficulties on the logit scale (fixed, so that the statistics are stable from run to run). */
const difficulty = new Map(BENCH_ITEMS.map((it, i) => [it.id!, ((i * 7) % 11) / 3.5 - 1.5]));

/**
 * One attempt's answers for a student of this ability: per item, the right answer with the Rasch probability,
 * else one of the usual mistakes; about 3% of items are left blank. Returns the index of the variant per item
 * (-1 for blank), so that bulk generation can reuse graded results.
 */
export function answerChoices(ability: number, random: () => number): number[] {
  return BENCH_ITEMS.map((it) => {
    if (random() < 0.03) return -1;
    const p = 1 / (1 + Math.exp(difficulty.get(it.id!)! - ability));
    if (random() < p) return 0;
    const variants = ANSWERS[it.id!]!;
    return 1 + Math.floor(random() * (variants.length - 1));
  });
}

export function responsesOf(choices: number[]): Record<string, Response> {
  const out: Record<string, Response> = {};
  BENCH_ITEMS.forEach((it, i) => {
    const k = choices[i]!;
    if (k >= 0) out[it.id!] = ANSWERS[it.id!]![k]!;
  });
  return out;
}

/** A whole attempt's answers (for a submit request's body). */
export function answerSet(ability: number, random: () => number): Record<string, Response> {
  return responsesOf(answerChoices(ability, random));
}

/** Every (item, variant) graded once, for bulk generation: `graded[item][variant + 1]` (index 0 is blank). */
export function gradedVariants(): { response: Response | undefined; result: GradeResult }[][] {
  return BENCH_ITEMS.map((it) => {
    const variants = [undefined, ...ANSWERS[it.id!]!];
    return variants.map((response) => ({ response, result: grade(it, response) }));
  });
}
