/**
 * Validation messages in words for teachers (issue 15): a schema path such as `items.2.pairs.0.left` becomes
 * "Item 3, pair 1, left side", and zod's generic texts ("Too small: expected string to have >=1 characters")
 * become plain sentences. Positions are one-based, as a teacher counts.
 */

type Segment = string | number;

const LIST_NAMES: Record<string, string> = {
  items: "Item",
  options: "option",
  answers: "answer",
  gaps: "gap",
  pairs: "pair",
  sequence: "unit",
  alternatives: "other right order",
  rubric: "criterion",
  media: "media file",
  tags: "tag",
  skills: "skill",
  distractors: "extra word",
};

const FIELD_NAMES: Record<string, string> = {
  title: "title",
  instructions: "instructions",
  level: "level",
  passage: "reading text",
  prompt: "prompt",
  points: "points",
  text: "text",
  fraction: "credit",
  feedback: "feedback",
  value: "value",
  tolerance: "tolerance",
  left: "left side",
  right: "right side",
  id: "id",
  minWords: "minimum words",
  maxWords: "maximum words",
  criterion: "criterion",
  generalFeedback: "general feedback",
  alt: "alt text",
  options: "options",
  answers: "answers",
  gaps: "gaps",
  pairs: "pairs",
  sequence: "right order",
  items: "items",
};

const capitalize = (s: string) => (s ? s[0]?.toUpperCase() + s.slice(1) : s);

/** `["items", 2, "pairs", 0, "left"]` (or "items.2.pairs.0.left") → "Item 3, pair 1, left side". */
export function pathInWords(path: readonly Segment[] | string): string {
  const segs: Segment[] = (typeof path === "string" ? path.split(".").filter(Boolean) : [...path]).filter(
    (s) => s !== "body" && s !== "draft",
  );
  const parts: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const seg = String(segs[i]);
    const next = segs[i + 1];
    const isIndex = next !== undefined && /^\d+$/.test(String(next));
    if (isIndex && LIST_NAMES[seg]) {
      parts.push(`${LIST_NAMES[seg]} ${Number(next) + 1}`);
      i++;
    } else if (/^\d+$/.test(seg)) parts.push(`number ${Number(seg) + 1}`);
    else parts.push(FIELD_NAMES[seg] ?? seg);
  }
  return capitalize(parts.join(", ")) || "The exercise";
}

interface IssueLike {
  code?: string;
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  input?: unknown;
  expected?: string;
}

/** A zod issue as a sentence a teacher understands; custom messages (ours) are kept, first letter capitalized. */
export function issueInWords(issue: IssueLike): string {
  const min = Number(issue.minimum);
  const max = Number(issue.maximum);
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") return min <= 1 ? "Write something here." : `Write at least ${min} characters.`;
      if (issue.origin === "array") return `Add at least ${min}.`;
      return `Use ${min} or more.`;
    case "too_big":
      if (issue.origin === "string") return `Keep it to ${max} characters or fewer.`;
      if (issue.origin === "array") return `Use at most ${max}.`;
      return `Use ${max} or less.`;
    case "invalid_type":
      if (issue.input === undefined && /received undefined/.test(issue.message)) return "This is required.";
      return issue.expected === "number" ? "Enter a number." : "This value is not valid.";
    case "invalid_value":
      return "Choose one of the offered values.";
    case "invalid_format":
      return "This is not in the expected format.";
    default:
      return capitalize(issue.message.endsWith(".") ? issue.message : `${issue.message}.`);
  }
}
