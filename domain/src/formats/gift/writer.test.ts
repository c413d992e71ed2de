import { describe, expect, it } from "vitest";
import { parseExercise } from "../../content/schema.ts";
import { readExercise, toGift, writeGift } from "../index.ts";

describe("GIFT writer", () => {
  it("lists the items GIFT cannot express in a comment at the top and writes the rest", () => {
    const ex = parseExercise({
      title: "Mixed",
      items: [
        { type: "ordering", prompt: "Order", sequence: ["a", "b"] },
        { type: "mark_words", prompt: "Find *the* mistake" },
        {
          type: "gap_fill",
          prompt: "[[a]] and [[b]] go.",
          gaps: [
            { id: "a", answers: [{ text: "x", fraction: 1 }] },
            { id: "b", answers: [{ text: "y", fraction: 1 }] },
          ],
        },
        {
          type: "gap_fill",
          prompt: "He [[g1]] home.",
          mode: "word_bank",
          gaps: [{ id: "g1", answers: [{ text: "goes", fraction: 1 }] }],
        },
        { type: "gap_fill", prompt: "He [[g1]]", gaps: [{ id: "g1", answers: [{ text: "goes", fraction: 1 }] }] },
        { type: "true_false", prompt: "Kept", answer: true },
      ],
    });
    const { text, skipped } = toGift(ex);
    expect(skipped.map((s) => `${s.id} ${s.type}`)).toEqual([
      "q1 ordering",
      "q2 mark_words",
      "q3 gap_fill",
      "q4 gap_fill",
      "q5 gap_fill",
    ]);
    const lines = text.split("\n");
    expect(lines[0]).toBe("// Mixed");
    expect(lines[1]).toBe("// Skipped, GIFT cannot express them:");
    expect(lines.slice(2, 7).every((l) => l.startsWith("//   q"))).toBe(true);
    expect(text).toContain("// [id:q6]\nKept {TRUE}");
    // The skipped list is only comments: the file reads back as the one item it kept.
    expect(readExercise(text, "gift").items).toEqual([
      { id: "q6", type: "true_false", prompt: "Kept", promptFormat: "plain", answer: true, points: 1 },
    ]);
  });

  it("writes true/false feedbacks in Moodle's wrong#right order", () => {
    const ex = parseExercise({
      title: "t",
      items: [
        { type: "true_false", prompt: "Sky is green", answer: false, feedbackTrue: "No, blue", feedbackFalse: "Right" },
      ],
    });
    expect(writeGift(ex)).toContain("Sky is green {FALSE#No, blue#Right}");
  });

  it("escapes specials and line breaks, and marks a single choice with '='", () => {
    const ex = parseExercise({
      title: "t",
      items: [
        {
          type: "multiple_choice",
          prompt: "a{b}\nc: #1 ~=",
          options: [
            { text: "x", fraction: 0 },
            { text: "y\\z", fraction: 1, feedback: "ok" },
          ],
        },
      ],
    });
    expect(writeGift(ex)).toContain("a\\{b\\}\\nc\\: \\#1 \\~\\= {\n\t~x\n\t=y\\\\z#ok\n}");
  });

  it("weights print as Moodle percentages and read back exactly", () => {
    const ex = parseExercise({
      title: "t",
      items: [
        {
          type: "multiple_choice",
          multiple: true,
          prompt: "Pick",
          options: [
            { text: "a", fraction: 0.3333333 },
            { text: "b", fraction: 0.6666667 },
            { text: "c", fraction: -1 },
          ],
        },
      ],
    });
    const gift = writeGift(ex);
    expect(gift).toContain("~%33.33333%a\n\t~%66.66667%b\n\t~%-100%c");
    expect(readExercise(gift, "gift", { title: "t" })).toEqual(ex);
  });

  it("a dropdown gap is written in place as Moodle's missing-word form", () => {
    const ex = parseExercise({
      title: "t",
      items: [
        {
          type: "gap_fill",
          mode: "dropdown",
          prompt: "She [[g1]] to school.",
          gaps: [{ id: "g1", answers: [{ text: "goes", fraction: 1 }], options: ["go", "goes", "going"] }],
        },
      ],
    });
    expect(writeGift(ex)).toContain("She {~go =goes ~going} to school.");
  });
});
