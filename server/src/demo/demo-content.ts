/** The demo exercise and the answers of its imaginary students: right, typos, and the mistakes learners make. */
import type { ExerciseInput, Response } from "@languagecloud/domain";

export const DEMO_EXERCISE: ExerciseInput = {
  title: "Present simple and past simple: a day at school",
  instructions: "Read each sentence and answer. Contractions and small typos are fine.",
  level: "A2",
  skills: ["grammar", "vocabulary"],
  tags: ["present-simple", "past-simple"],
  items: [
    {
      id: "q1",
      type: "gap_fill",
      prompt: "Every morning she [[g1]] to school by bus.",
      gaps: [{ id: "g1", answers: [{ text: "goes", fraction: 1, feedback: "Third person singular takes -es." }] }],
      generalFeedback: "He / she / it + verb-s in the present simple.",
    },
    {
      id: "q2",
      type: "short_answer",
      prompt: "Yesterday we ___ (go) to the museum. Write the whole sentence.",
      answers: [{ text: "Yesterday we went to the museum.", fraction: 1 }],
    },
    {
      id: "q3",
      type: "multiple_choice",
      prompt: "She is interested ___ music.",
      options: [
        { id: "a", text: "in", fraction: 1, feedback: "Interested in." },
        { id: "b", text: "on", fraction: 0, feedback: "We say interested in, not on." },
        { id: "c", text: "at", fraction: 0 },
        { id: "d", text: "for", fraction: 0 },
      ],
    },
    { id: "q4", type: "true_false", prompt: "'Childs' is the plural of 'child'.", answer: false },
    {
      id: "q5",
      type: "gap_fill",
      prompt: "I have [[g1]] apple and [[g2]] orange in my bag.",
      gaps: [
        { id: "g1", answers: [{ text: "an", fraction: 1 }] },
        { id: "g2", answers: [{ text: "an", fraction: 1 }] },
      ],
    },
    {
      id: "q6",
      type: "ordering",
      unit: "word",
      prompt: "Put the words in order.",
      sequence: ["Do", "you", "like", "English", "?"],
    },
    {
      id: "q7",
      type: "matching",
      prompt: "Match the verb with its past form.",
      pairs: [
        { left: "go", right: "went" },
        { left: "see", right: "saw" },
        { left: "buy", right: "bought" },
      ],
      distractors: ["goed"],
    },
    {
      id: "q8",
      type: "short_answer",
      prompt: "My brother is taller ___ me. (one word)",
      answers: [{ text: "than", fraction: 1 }],
    },
    { id: "q9", type: "essay", prompt: "Write three sentences about your last weekend.", minWords: 15, maxWords: 120 },
  ],
};

/** Each student: a name and answers, from strong to struggling, so that every figure and pattern has data. */
export const DEMO_STUDENTS: { name: string; responses: Record<string, Response> }[] = [
  {
    name: "Ana García",
    responses: answers("goes", "Yesterday we went to the museum.", "a", false, ["an", "an"], true, "than"),
  },
  {
    name: "Bruno Costa",
    responses: answers("gose", "Yesterday we went to the musuem.", "a", false, ["an", "an"], true, "than"),
  },
  {
    name: "Chen Wei",
    responses: answers("goes", "Yesterday we go to the museum.", "a", false, ["a", "an"], true, "than"),
  },
  {
    name: "Dina Haddad",
    responses: answers("go", "Yesterday we went to museum.", "b", false, ["an", "a"], false, "then"),
  },
  {
    name: "Emre Yilmaz",
    responses: answers("goes", "Yesterday we went at the museum.", "a", true, ["an", "an"], true, "then"),
  },
  {
    name: "Fatima Khan",
    responses: answers("go", "We went yesterday to the museum.", "b", true, ["a", "a"], false, "that"),
  },
  {
    name: "Giulia Rossi",
    responses: answers("goes", "Yesterday we have gone to the museum.", "a", false, ["an", "an"], true, "than"),
  },
  { name: "Hiro Tanaka", responses: answers("", "Yesterday we goed to the museum.", "c", true, ["", "a"], false, "") },
];

function answers(
  g: string,
  sentence: string,
  choice: string,
  tf: boolean,
  articles: [string, string],
  orderRight: boolean,
  comparison: string,
): Record<string, Response> {
  return {
    q1: { gaps: { g1: g } },
    q2: { text: sentence },
    q3: { selected: [choice] },
    q4: { value: tf },
    q5: { gaps: { g1: articles[0], g2: articles[1] } },
    q6: { sequence: orderRight ? ["Do", "you", "like", "English", "?"] : ["you", "Do", "like", "English", "?"] },
    q7: { matches: orderRight ? { go: "went", see: "saw", buy: "bought" } : { go: "goed", see: "saw", buy: "bought" } },
    q8: { text: comparison },
    q9: {
      text: "Last weekend I visited my grandmother. We cooked a big lunch together. On Sunday I played football with friends.",
    },
  };
}
