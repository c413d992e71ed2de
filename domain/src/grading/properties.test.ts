import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Item, itemSchema } from "../content/schema.ts";
import { grade } from "./grade.ts";
import { normalizeResponseText } from "./normalize.ts";

const parse = (x: unknown) => itemSchema.parse(x) as Item;
const ANSWERS = ["He doesn't go to school", "I'm fine, thanks", "The children's books", "well-known", "It's raining"];

describe("grading properties", () => {
  it("normalization is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.boolean(), (s, caseSensitive) => {
        const once = normalizeResponseText(s, { caseSensitive });
        expect(normalizeResponseText(once, { caseSensitive })).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it("an accepted answer scores full marks whatever its case, spacing and apostrophe style", () => {
    const restyle = fc.record({
      answer: fc.constantFrom(...ANSWERS),
      upper: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
      apostrophe: fc.constantFrom("'", "\u2019", "\u2018", "\u02BC", "`"),
      space: fc.constantFrom(" ", "  ", "\t", "\u00a0", " \n "),
      pad: fc.constantFrom("", " ", "  ", "\t"),
    });
    fc.assert(
      fc.property(restyle, ({ answer, upper, apostrophe, space, pad }) => {
        const styled = [...answer]
          .map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch.toLowerCase()))
          .join("")
          .replaceAll("'", apostrophe)
          .replaceAll(" ", space);
        const item = parse({ type: "short_answer", points: 3, answers: [{ text: answer, fraction: 1 }] });
        const r = grade(item, { text: pad + styled + pad });
        expect(r.score).toBe(3);
        expect(r.parts[0]!.verdict).toBe("correct");
      }),
      { numRuns: 300 },
    );
  });

  it("a permutation of matching pairs scores the same", () => {
    const pairs = fc.uniqueArray(
      fc.tuple(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ minLength: 1, maxLength: 5 })),
      {
        minLength: 1,
        maxLength: 8,
        selector: ([l]) => l.trim(),
      },
    );
    fc.assert(
      fc.property(pairs, fc.array(fc.nat()), fc.array(fc.nat()), (ps, wrongs, order) => {
        const clean = ps.filter(([l, r]) => l.trim() && r.trim());
        fc.pre(clean.length > 0);
        const list = clean.map(([left, right]) => ({ left, right }));
        const matches: Record<string, string> = {};
        list.forEach((p, i) => {
          const k = wrongs[i] ?? 0;
          matches[p.left] = k % 3 === 0 ? list[(i + k) % list.length]!.right : p.right;
        });
        const shuffled = [...list].sort(
          (a, b) => ((order[list.indexOf(a)] ?? 0) % 7) - ((order[list.indexOf(b)] ?? 0) % 7),
        );
        const a = grade(parse({ type: "matching", pairs: list }), { matches });
        const b = grade(parse({ type: "matching", pairs: shuffled }), { matches });
        expect(b.score).toBe(a.score);
      }),
      { numRuns: 200 },
    );
  });

  it("scores stay within 0..points", () => {
    const option = fc.record({
      text: fc.string({ maxLength: 5 }),
      fraction: fc.double({ min: -1, max: 1, noNaN: true }),
    });
    const arb = fc.record({
      points: fc.double({ min: 0, max: 100, noNaN: true }),
      options: fc.array(option, { minLength: 2, maxLength: 6 }),
      selected: fc.array(fc.nat({ max: 7 }), { maxLength: 8 }),
      multiple: fc.boolean(),
      marked: fc.array(fc.nat({ max: 12 }), { maxLength: 12 }),
      text: fc.string({ maxLength: 12 }),
      sequence: fc.shuffledSubarray(["a", "b", "c", "d", "e"]),
    });
    fc.assert(
      fc.property(arb, ({ points, options, selected, multiple, marked, text, sequence }) => {
        fc.pre(options.some((o) => o.fraction > 0));
        const items = [
          parse({ type: "multiple_choice", points, multiple, options: options.map((o, i) => ({ ...o, id: `o${i}` })) }),
          parse({ type: "mark_words", points, prompt: "a *b* c *d* e f *g* h" }),
          parse({ type: "short_answer", points, answers: options.map((o) => ({ ...o, text: o.text || "x" })) }),
          parse({ type: "ordering", points, sequence: ["a", "b", "c", "d", "e"] }),
        ];
        const responses = [{ selected: selected.map((i) => `o${i}`) }, { marked }, { text }, { sequence }];
        items.forEach((item, i) => {
          const r = grade(item, responses[i]!);
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(points + 1e-6);
          expect(r.maxScore).toBe(points);
        });
      }),
      { numRuns: 300 },
    );
  });
});
