import { describe, expect, it } from "vitest";
import { parseExercise } from "../content/schema.ts";
import { grade } from "./grade.ts";

// grading.md "Numbers" (issue 15, item 10): "2.5 hours" is kept as written and graded not_a_number.
const [item] = parseExercise({
  title: "t",
  items: [{ type: "numerical", prompt: "How long?", answers: [{ value: 2.5, tolerance: 0, fraction: 1 }] }],
}).items;

describe("numerical answers that are not numbers", () => {
  it("keeps the text and grades it wrong with not_a_number (parseFloat would have read 2.5)", () => {
    const r = grade(item as never, { text: "2.5 hours" });
    expect(r.score).toBe(0);
    expect(r.parts[0]?.response).toBe("2.5 hours");
    expect(r.parts[0]?.errors.map((e) => e.category)).toEqual(["not_a_number"]);
  });
  it("reads a number written as text (comma decimal) like the player does", () => {
    expect(grade(item as never, { text: "2,5" }).score).toBe(1);
  });
  it("a number outside every tolerance is wrong_value, never a word category", () => {
    expect(grade(item as never, { value: 3 }).parts[0]?.errors.map((e) => e.category)).toEqual(["wrong_value"]);
  });
});
