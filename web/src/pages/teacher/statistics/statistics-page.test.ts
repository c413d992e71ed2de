import { type Item, itemSchema } from "@languagecloud/domain";
import { describe, expect, it } from "vitest";
import { acceptableAnswers } from "./AcceptAnswer.tsx";
import { ITEM_FIGURES, TEST_FIGURES } from "./explain.ts";

const item = (raw: unknown) => itemSchema.parse(raw) as Item;

describe("acceptableAnswers", () => {
  it("offers a wrong short answer, never one the key already accepts (in any case)", () => {
    const sa = item({
      id: "q4",
      type: "short_answer",
      prompt: "Past of fly?",
      answers: [{ text: "Flew", fraction: 1 }],
    });
    expect(acceptableAnswers(sa, "flied")).toEqual([{ text: "flied" }]);
    expect(acceptableAnswers(sa, "flew")).toEqual([]);
    expect(acceptableAnswers(sa, " ")).toEqual([]);
  });

  it("splits a gap fill's answer per gap and offers only the gaps whose part is not accepted yet", () => {
    const gaps = item({
      id: "q6",
      type: "gap_fill",
      prompt: "Leaves [[g1]] noon [[g2]] Monday.",
      gaps: [
        { id: "g1", answers: [{ text: "at", fraction: 1 }] },
        { id: "g2", answers: [{ text: "on", fraction: 1 }] },
      ],
    });
    expect(acceptableAnswers(gaps, "in | on")).toEqual([{ text: "in", gapId: "g1", where: "for gap 1" }]);
    expect(acceptableAnswers(gaps, "at | ")).toEqual([]);
    // A response that does not have one part per gap is not guessed at.
    expect(acceptableAnswers(gaps, "in")).toEqual([]);
  });

  it("offers a dropdown gap only one of its own options, and nothing for other item types", () => {
    const drop = item({
      id: "d",
      type: "gap_fill",
      mode: "dropdown",
      prompt: "I am [[g1]] home.",
      gaps: [{ id: "g1", options: ["at", "in"], answers: [{ text: "at", fraction: 1 }] }],
    });
    expect(acceptableAnswers(drop, "in")).toEqual([{ text: "in", gapId: "g1" }]);
    expect(acceptableAnswers(drop, "on")).toEqual([]);
    const tf = item({ id: "t", type: "true_false", prompt: "Yes?", answer: true });
    expect(acceptableAnswers(tf, "false")).toEqual([]);
  });
});

describe("explanations of the figures", () => {
  it("explains every figure the statistics answer carries", () => {
    for (const k of ["mean", "median", "sd", "skewness", "kurtosis", "cic", "errorRatio", "standardError"])
      expect(TEST_FIGURES[k]?.meaning, k).toBeTruthy();
    for (const k of [
      "facility",
      "sd",
      "randomGuessScore",
      "intendedWeight",
      "effectiveWeight",
      "discriminationIndex",
      "discriminativeEfficiency",
    ])
      expect(ITEM_FIGURES[k]?.meaning, k).toBeTruthy();
  });

  it("judges values at Moodle's boundaries as its documentation does", () => {
    // docs.moodle.org, Quiz report statistics: CIC above 75 % satisfactory, below 64 % unsatisfactory.
    expect(TEST_FIGURES.cic!.judge!(0.76).verdict).toBe("good");
    expect(TEST_FIGURES.cic!.judge!(0.7).verdict).toBe("check");
    expect(TEST_FIGURES.cic!.judge!(0.6).verdict).toBe("bad");
    expect(TEST_FIGURES.errorRatio!.judge!(0.55).verdict).toBe("bad");
    // Discrimination: below 0 probably invalid, 30–50 % adequate.
    expect(ITEM_FIGURES.discriminationIndex!.judge!(-0.1).words).toMatch(/negative/);
    expect(ITEM_FIGURES.discriminationIndex!.judge!(0.4).words).toBe("adequate");
    expect(ITEM_FIGURES.facility!.judge!(0.5).words).toBe("about right");
    expect(ITEM_FIGURES.facility!.judge!(0.03).verdict).toBe("bad");
  });
});
