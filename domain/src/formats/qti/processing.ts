/**
 * Building blocks of response declarations and response processing, shared by the item mappings. Scores are in
 * the item's points (SCORE runs from 0 to MAXSCORE), written out as explicit rules rather than the standard
 * templates so that a player needs nothing but the file.
 */
import { el, type XElement, type XNode } from "../xml/tree.ts";

/** A float as QTI writes it: nine decimals, so that shares like 1/3 read back to the same fraction. */
export const num = (x: number): string => String(Math.round(x * 1e9) / 1e9 + 0);
/** Fractions read back are rounded to a millionth (the precision our grader rounds scores to). */
export const roundFraction = (x: number): number => Math.round(x * 1e6) / 1e6 + 0;

const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const isIdentifier = (s: string): boolean => NCNAME.test(s);

export interface Mapping {
  entries: { key: string; value: number; caseSensitive?: boolean }[];
  lowerBound?: number;
  upperBound?: number;
}

export function responseDeclaration(
  identifier: string,
  cardinality: "single" | "multiple" | "ordered",
  baseType: string,
  correct: string[],
  mapping?: Mapping,
): XElement {
  return el(
    "responseDeclaration",
    { identifier, cardinality, baseType },
    correct.length ? el("correctResponse", {}, ...correct.map((v) => el("value", {}, v))) : undefined,
    mapping
      ? el(
          "mapping",
          {
            defaultValue: 0,
            lowerBound: mapping.lowerBound === undefined ? undefined : num(mapping.lowerBound),
            upperBound: mapping.upperBound === undefined ? undefined : num(mapping.upperBound),
          },
          ...mapping.entries.map((e) =>
            el("mapEntry", {
              mapKey: e.key,
              mappedValue: num(e.value),
              caseSensitive: e.caseSensitive === undefined ? undefined : String(e.caseSensitive),
            }),
          ),
        )
      : undefined,
  );
}

export const variable = (identifier: string) => el("variable", { identifier });
export const baseValue = (baseType: string, value: string | number) => el("baseValue", { baseType }, String(value));
export const setScore = (expr: XNode) => el("setOutcomeValue", { identifier: "SCORE" }, expr);

/** SCORE = the (summed) mapped values of the responses, 0 when nothing was answered. */
export function mappedScore(identifiers: string[]): XNode[] {
  const maps = identifiers.map((id) =>
    el(
      "responseCondition",
      {},
      el("responseIf", {}, el("isNull", {}, variable(id)), setScore(baseValue("float", 0))),
      el("responseElse", {}, setScore(el("mapResponse", { identifier: id }))),
    ),
  );
  if (identifiers.length === 1) return maps;
  // Several responses: add each one's mapped value to SCORE (which starts at its default, 0).
  return identifiers.map((id) =>
    el(
      "responseCondition",
      {},
      el(
        "responseIf",
        {},
        el("not", {}, el("isNull", {}, variable(id))),
        setScore(el("sum", {}, variable("SCORE"), el("mapResponse", { identifier: id }))),
      ),
    ),
  );
}

/** Reads a mapping back: key → value (and whether case mattered). */
export function readMapping(decl: XElement | undefined): Mapping["entries"] {
  const mapping = decl?.children.find((c): c is XElement => typeof c !== "string" && c.name === "mapping");
  if (!mapping) return [];
  return mapping.children
    .filter((c): c is XElement => typeof c !== "string" && c.name === "mapEntry")
    .map((e) => ({
      key: e.attrs.mapKey ?? "",
      value: Number(e.attrs.mappedValue ?? 0),
      ...(e.attrs.caseSensitive !== undefined ? { caseSensitive: e.attrs.caseSensitive === "true" } : {}),
    }));
}

export function readCorrect(decl: XElement | undefined): string[] {
  const correct = decl?.children.find((c): c is XElement => typeof c !== "string" && c.name === "correctResponse");
  if (!correct) return [];
  return correct.children
    .filter((c): c is XElement => typeof c !== "string" && c.name === "value")
    .map((v) => v.children.filter((c) => typeof c === "string").join(""));
}

/**
 * A response's value → fraction of the item: the mapping when there is one (scaled by the points), else 1 for
 * the correct response.
 */
export function fractionsOf(decl: XElement | undefined, points: number): Map<string, number> {
  const out = new Map<string, number>();
  const scale = points > 0 ? points : 1;
  const entries = readMapping(decl);
  if (entries.length) {
    for (const e of entries) out.set(e.key, roundFraction(Math.max(-1, Math.min(1, e.value / scale))));
    // A mapping that gives nothing (or only a 0..1 weight) still marks its correct response right.
    for (const c of readCorrect(decl)) if (!((out.get(c) ?? 0) > 0)) out.set(c, 1);
    return out;
  }
  for (const c of readCorrect(decl)) out.set(c, 1);
  return out;
}
