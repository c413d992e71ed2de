import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Item, isCatchAllAnswer } from "../../content/schema.ts";
import { grade } from "../../grading/grade.ts";
import { FormatError, readExercise } from "../index.ts";
import { writeGift } from "./writer.ts";

const read = (text: string) => readExercise(text, "gift", { title: "Test" });
const one = (text: string): Item => {
  const items = read(text).items;
  expect(items).toHaveLength(1);
  return items[0] as Item;
};
const errorsOf = (text: string) => {
  try {
    read(text);
  } catch (err) {
    expect(err).toBeInstanceOf(FormatError);
    return (err as FormatError).errors;
  }
  throw new Error("expected a FormatError");
};

describe("GIFT reader: Moodle's documented examples", () => {
  const ex = read(readFileSync(new URL("../__fixtures__/moodle-examples.gift", import.meta.url), "utf8"));
  const byTitle = (t: string) => ex.items.find((i) => i.title === t) as Item;

  it("reads every question, in file order, with q1… ids", () => {
    expect(ex.items).toHaveLength(35);
    expect(ex.items.map((i) => i.id).slice(0, 3)).toEqual(["q1", "q2", "q3"]);
  });

  it("true/false and its two feedbacks (wrong first, right second)", () => {
    expect(byTitle("Q1")).toMatchObject({ type: "true_false", answer: true, prompt: "1+1=2" });
    expect(byTitle("Grant's Tomb")).toMatchObject({
      type: "true_false",
      answer: false,
      feedbackTrue: "Fundamentally wrong",
      feedbackFalse: "Correct - well done",
    });
  });

  it("multiple choice with per-answer feedback", () => {
    expect(byTitle("Q2")).toMatchObject({
      type: "multiple_choice",
      multiple: false,
      options: [
        { id: "a", text: "yellow", fraction: 1, feedback: "right; good!" },
        { id: "b", text: "red", fraction: 0, feedback: "wrong, it's yellow" },
        { id: "c", text: "blue", fraction: 0 },
      ],
    });
  });

  it("partial weights without '=' make a multiple-answer question", () => {
    const item = ex.items.find((i) => i.prompt.startsWith("What two people")) as Item;
    expect(item).toMatchObject({ type: "multiple_choice", multiple: true });
    expect(item.type === "multiple_choice" && item.options.map((o) => o.fraction)).toEqual([-1, 0.5, 0.5, -1]);
  });

  it("missing word: typed gap for '=' answers, dropdown when '~' offers wrong choices", () => {
    expect(byTitle("Q3")).toMatchObject({
      type: "gap_fill",
      mode: "typed",
      prompt: "Two plus [[g1]] equals four.",
      gaps: [{ id: "g1", answers: [{ text: "two" }, { text: "2" }] }],
    });
    expect(byTitle("Thanksgiving Date")).toMatchObject({
      type: "gap_fill",
      mode: "dropdown",
      prompt: "The American holiday of Thanksgiving is\ncelebrated on the [[g1]] Thursday of November.",
      gaps: [{ id: "g1", answers: [{ text: "fourth", fraction: 1 }], options: ["second", "third", "fourth"] }],
    });
  });

  it("matching, numerical (value:tolerance, min..max, weighted list), essay, description", () => {
    expect(byTitle("Q4")).toMatchObject({
      type: "matching",
      pairs: [
        { left: "cat", right: "cat food" },
        { left: "dog", right: "dog food" },
      ],
    });
    expect(byTitle("Q5")).toMatchObject({ type: "numerical", answers: [{ value: 3, tolerance: 2, fraction: 1 }] });
    expect(byTitle("Q6")).toMatchObject({ type: "numerical", answers: [{ value: 3, tolerance: 2, fraction: 1 }] });
    expect(byTitle("Q7")).toMatchObject({
      type: "numerical",
      answers: [
        { value: 1822, tolerance: 0, fraction: 1, feedback: "Correct! Full credit." },
        { value: 1822, tolerance: 2, fraction: 0.5 },
      ],
    });
    expect(byTitle("Q8")).toMatchObject({ type: "essay", prompt: "How are you?" });
    expect(ex.items.find((i) => i.type === "description")).toMatchObject({
      prompt: "You can use your pencil and paper for these next math questions.",
      points: 0,
    });
  });

  it("escapes, general feedback, markers and $CATEGORY", () => {
    const ctl = byTitle("GIFT Control Characters");
    expect(ctl.type === "multiple_choice" && ctl.options.map((o) => o.text)).toEqual(["~", "=", "#", "{", "}", "\\"]);
    expect(byTitle("Q9")).toMatchObject({ generalFeedback: "Verbs describe actions.", type: "multiple_choice" });
    expect(byTitle("Q10")).toMatchObject({
      promptFormat: "html",
      prompt: "What is <b>2+2</b>?",
      category: "tom/dick/harry",
    });
    expect(byTitle("Q11")).toMatchObject({ promptFormat: "markdown" });
    expect(byTitle("Q12")).toMatchObject({ promptFormat: "plain", type: "true_false" });
    expect(byTitle("Q13")).toMatchObject({ prompt: "Escaped : colon and a \n new line." });
    expect(byTitle("Q1").category).toBeUndefined();
  });
});

describe("GIFT reader: edge cases", () => {
  it("comments are ignored, CRLF and a BOM are fine", () => {
    expect(one("\ufeff// intro\r\n// more\r\n::A::Q? {T}\r\n")).toMatchObject({ title: "A", type: "true_false" });
  });

  it("true/false keywords and feedbacks for a false statement", () => {
    expect(one("Q {F#wrong#right}")).toMatchObject({ answer: false, feedbackTrue: "wrong", feedbackFalse: "right" });
    expect(one("Q {TRUE##right only}")).toMatchObject({ answer: true, feedbackTrue: "right only" });
    expect(one("Q {true}")).toMatchObject({ answer: true });
  });

  it("short answer weights and feedback", () => {
    expect(one("Q {=a#good =%50%b#half}")).toMatchObject({
      type: "short_answer",
      answers: [
        { text: "a", fraction: 1, feedback: "good" },
        { text: "b", fraction: 0.5, feedback: "half" },
      ],
    });
  });

  it("numerical with several weighted answers on one line and a negative range", () => {
    expect(one("Q {#=%100%3:0 =%50%3:1}")).toMatchObject({
      answers: [
        { value: 3, tolerance: 0, fraction: 1 },
        { value: 3, tolerance: 1, fraction: 0.5 },
      ],
    });
    expect(one("Q {#-2..-1}")).toMatchObject({ answers: [{ value: -1.5, tolerance: 0.5 }] });
    expect(one("Q {#1e3#feedback}")).toMatchObject({ answers: [{ value: 1000, feedback: "feedback" }] });
  });

  it("matching: an empty left side is a distractor", () => {
    expect(one("Match {=a -> 1 =b -> 2 = -> 3}")).toMatchObject({
      type: "matching",
      pairs: [{ left: "a" }, { left: "b" }],
      distractors: ["3"],
    });
  });

  it("an answer block at the start of the text is a gap too", () => {
    expect(one("{=He} goes home.")).toMatchObject({ type: "gap_fill", prompt: "[[g1]] goes home." });
  });

  it("non-gap types in mid-sentence keep Moodle's blank", () => {
    expect(one("Pi is {#3.14:0.01} roughly.")).toMatchObject({ type: "numerical", prompt: "Pi is _____ roughly." });
  });

  it("essay with general feedback, description with a name", () => {
    expect(one("Write. {####Look at tenses}")).toMatchObject({ type: "essay", generalFeedback: "Look at tenses" });
    expect(one("::Intro:: Read the text.")).toMatchObject({
      type: "description",
      title: "Intro",
      prompt: "Read the text.",
    });
  });

  it("Moodle's [id:] and [tag:] comments", () => {
    expect(one("// [id:verb-1] [tag:verbs] [tag:A2]\nQ {T}")).toMatchObject({ id: "verb-1", tags: ["verbs", "A2"] });
  });

  it("an empty $CATEGORY ends the category; categories apply until changed", () => {
    const ex = read("$CATEGORY: A\n\nQ1 {T}\n\nQ2 {T}\n\n$CATEGORY:\n\nQ3 {T}");
    expect(ex.items.map((i) => i.category)).toEqual(["A", "A", undefined]);
  });
});

describe("GIFT reader: errors", () => {
  it("an unclosed brace is reported where it opened, other questions still checked", () => {
    const errors = errorsOf("Q1 {=a ~b}\n\n::Q2:: Which?\n{=a\n~b\n\nQ3 {#x}\n");
    expect(errors).toEqual([
      { line: 4, column: 1, message: expect.stringContaining('"{" is never closed') },
      { line: 7, column: 6, message: expect.stringContaining("expected a number") },
    ]);
  });

  it("stray braces, nested braces, two answer blocks, unclosed name", () => {
    expect(errorsOf("Q } {T}")[0]).toMatchObject({
      line: 1,
      column: 3,
      message: expect.stringContaining('unexpected "}"'),
    });
    expect(errorsOf("Q {=a {b}}")[0]).toMatchObject({ message: expect.stringContaining('unexpected "{" inside') });
    expect(errorsOf("Q {=a} and {=b}")[0]).toMatchObject({
      column: 12,
      message: expect.stringContaining("one answer block"),
    });
    expect(errorsOf("::Name Q {T}")[0]).toMatchObject({ line: 1, column: 1, message: expect.stringContaining('"::"') });
  });

  it("bad weights and text before the first answer", () => {
    expect(errorsOf("Q {=a ~%abc%b}")[0]!.message).toContain("weight");
    expect(errorsOf("Q {=a ~%150%b}")[0]!.message).toContain("weight");
    expect(errorsOf("Q {oops =a ~b}")[0]!.message).toContain('expected "=" or "~"');
  });

  it("schema errors are mapped to the question's line", () => {
    expect(errorsOf("Q1 {T}\n\nQ2 {~a ~b}")).toEqual([
      { line: 3, message: expect.stringContaining("positive fraction") },
    ]);
  });

  it("mixing pairs and plain answers in a matching block", () => {
    expect(errorsOf("Q {=a -> b =c}")[0]!.message).toContain("matching");
  });
});

describe("GIFT reader: the last Moodle cases", () => {
  it("a numerical answer with a `~#feedback` catch-all (Moodle's GIFT documentation, numerical questions)", () => {
    const item = one("What is 1+2? {#3:2~#Completely wrong}");
    if (item.type !== "numerical") throw new Error("numerical expected");
    const [right, rest] = item.answers;
    expect(right).toEqual({ value: 3, tolerance: 2, fraction: 1 });
    expect(rest).toMatchObject({ fraction: 0, feedback: "Completely wrong" });
    expect(isCatchAllAnswer(rest!)).toBe(true);
    // The catch-all only speaks when no other answer matches; it never lowers a right answer.
    expect(grade(item, { value: 4.5 })).toMatchObject({ score: 1, feedback: [] });
    expect(grade(item, { value: 100 })).toMatchObject({ score: 0, feedback: ["Completely wrong"] });
    expect(grade(item, { value: -1e12 }).parts[0]!.errors.map((e) => e.category)).toEqual(["wrong_value"]);
    // Written back as Moodle writes it, and read again to the same item.
    const written = writeGift(read("What is 1+2? {#3:2~#Completely wrong}"));
    expect(written).toContain("~#Completely wrong");
    expect(read(written).items).toEqual(read("What is 1+2? {#3:2~#Completely wrong}").items);
  });

  it("a weighted catch-all and marked answers around it", () => {
    const item = one("Pi? {#=3.14:0.01 ~%50%3.1:0.1 ~%10%#Not quite, but a number}");
    if (item.type !== "numerical") throw new Error("numerical expected");
    expect(item.answers.map((a) => [a.fraction, isCatchAllAnswer(a)])).toEqual([
      [1, false],
      [0.5, false],
      [0.1, true],
    ]);
    expect(grade(item, { value: 3.12 }).score).toBe(0.5);
    expect(grade(item, { value: 42 })).toMatchObject({ score: 0.1, feedback: ["Not quite, but a number"] });
  });

  it("a file that holds only a $CATEGORY line says so, by its category", () => {
    const errors = errorsOf("$CATEGORY: tom/dick/harry\n");
    expect(errors).toEqual([
      {
        line: 1,
        message: 'only a category ("tom/dick/harry") and no question: add the questions after the $CATEGORY line',
      },
    ]);
    expect(errorsOf("$CATEGORY: $course$/top/Default\n\n// nothing else\n")[0]!.message).toContain(
      "$course$/top/Default",
    );
  });
});
