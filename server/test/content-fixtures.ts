/** One item of every type, each with a distinctive word in its prompt so that search can find it. */
export const ITEMS_OF_EVERY_TYPE = [
  {
    type: "multiple_choice",
    prompt: "Choose the capital: alphamarker",
    options: [
      { text: "Paris", fraction: 1 },
      { text: "Lyon", fraction: 0 },
    ],
  },
  { type: "true_false", prompt: "The sun is hot. bravomarker", answer: true },
  { type: "short_answer", prompt: "Past of go? charliemarker", answers: [{ text: "went", fraction: 1 }] },
  { type: "numerical", prompt: "Two plus two? deltamarker", answers: [{ value: 4, tolerance: 0, fraction: 1 }] },
  {
    type: "gap_fill",
    prompt: "She [[g1]] to school. echomarker",
    gaps: [{ id: "g1", answers: [{ text: "goes", fraction: 1 }] }],
  },
  {
    type: "matching",
    prompt: "Match them. foxtrotmarker",
    pairs: [
      { left: "cat", right: "meow" },
      { left: "dog", right: "woof" },
    ],
  },
  { type: "ordering", prompt: "Order the words. golfmarker", sequence: ["I", "am", "here"] },
  { type: "mark_words", prompt: "Find the mistake: He *go* home. hotelmarker" },
  { type: "essay", prompt: "Describe your town. indiamarker", minWords: 10, maxWords: 100 },
  { type: "description", prompt: "Read the text below. julietmarker" },
] as const;

export const SEARCH_WORDS = [
  "alphamarker",
  "bravomarker",
  "charliemarker",
  "deltamarker",
  "echomarker",
  "foxtrotmarker",
  "golfmarker",
  "hotelmarker",
  "indiamarker",
  "julietmarker",
];

export function exerciseOfEveryType(title = "Every type") {
  return {
    title,
    instructions: "Answer everything.",
    level: "B1",
    skills: ["grammar", "reading"],
    tags: ["mixed"],
    items: ITEMS_OF_EVERY_TYPE.map((i) => ({ ...i })),
  };
}
