/**
 * Each item type as an xAPI cmi.interaction (xAPI 1.0.3, "Interaction Activities"): its `interactionType`, the
 * `correctResponsesPattern`, the components (`choices`, `source`, `target`) and a response in the same pattern.
 * One small function per type; `INTERACTIONS` is the registry. Description items are not interactions (null).
 *
 * Component ids are stable and free of spaces: option ids for choices, `true`/`false`, `l<i>`/`r<i>` for the
 * two sides of a matching, `s<i>` for ordering units, `w<i>` for the words of a mark_words prompt, `o<i>` for
 * the options of a single dropdown or word-bank gap. A response component that names no known one (a typed
 * answer that is not an option) is sent as the student's text.
 */
import type { Response } from "../../content/responses.ts";
import {
  type EssayItem,
  type GapFillItem,
  type Item,
  type MarkWordsItem,
  type MatchingItem,
  type MultipleChoiceItem,
  markWordsTokens,
  type NumericalItem,
  type OrderingItem,
  type ShortAnswerItem,
  type TrueFalseItem,
} from "../../content/schema.ts";

export type InteractionType =
  | "choice"
  | "true-false"
  | "fill-in"
  | "long-fill-in"
  | "numeric"
  | "matching"
  | "sequencing";

export interface InteractionComponent {
  id: string;
  description: { "en-US": string };
}

export interface Interaction {
  interactionType: InteractionType;
  correctResponsesPattern?: string[];
  choices?: InteractionComponent[];
  source?: InteractionComponent[];
  target?: InteractionComponent[];
}

export interface XapiMapping<I extends Item> {
  definition(item: I): Interaction;
  /** The response in the interaction's pattern; null when blank. */
  response(item: I, response: Response): string | null;
}

const SEP = "[,]";
const component = (id: string, text: string): InteractionComponent => ({
  id,
  description: { "en-US": text.slice(0, 1000) },
});
/** Characters that carry meaning in xAPI patterns are kept out of free text components. */
const clean = (s: string) => s.replace(/\[[,.:]\]/g, " ").trim();

function optionIds(item: MultipleChoiceItem) {
  return item.options.map((o, i) => ({ ...o, id: o.id ?? String.fromCharCode(97 + i) }));
}

export const multipleChoice: XapiMapping<MultipleChoiceItem> = {
  definition(item) {
    const options = optionIds(item);
    const right = options.filter((o) => o.fraction > 0).map((o) => o.id);
    // A single-answer item accepts any full-credit option; a multiple-answer one wants all the right ones.
    const patterns = item.multiple ? [right.join(SEP)] : options.filter((o) => o.fraction >= 1).map((o) => o.id);
    return {
      interactionType: "choice",
      correctResponsesPattern: patterns.length ? patterns : right.slice(0, 1),
      choices: options.map((o) => component(o.id, o.text)),
    };
  },
  response: (_item, r) => (r.selected?.length ? r.selected.join(SEP) : null),
};

export const trueFalse: XapiMapping<TrueFalseItem> = {
  definition: (item) => ({ interactionType: "true-false", correctResponsesPattern: [String(item.answer)] }),
  response: (_item, r) => (typeof r.value === "boolean" ? String(r.value) : null),
};

export const shortAnswer: XapiMapping<ShortAnswerItem> = {
  definition(item) {
    const prefix = item.caseSensitive ? "{case_matters=true}" : "";
    return {
      interactionType: "fill-in",
      correctResponsesPattern: item.answers.filter((a) => a.fraction >= 1).map((a) => `${prefix}${clean(a.text)}`),
    };
  },
  response: (_item, r) => (r.text?.trim() ? clean(r.text) : null),
};

export const numerical: XapiMapping<NumericalItem> = {
  definition(item) {
    const full = item.answers.filter((a) => a.fraction >= 1);
    return {
      interactionType: "numeric",
      correctResponsesPattern: full.map((a) =>
        a.tolerance > 0 ? `${a.value - a.tolerance}[:]${a.value + a.tolerance}` : String(a.value),
      ),
    };
  },
  response: (_item, r) => (typeof r.value === "number" ? String(r.value) : r.text?.trim() ? clean(r.text) : null),
};

/** The options of a single dropdown or word-bank gap (its own list, or every answer and distractor). */
function gapOptions(item: GapFillItem): string[] {
  const gap = item.gaps[0];
  if (gap?.options?.length) return gap.options;
  const all = [...item.gaps.flatMap((g) => g.answers.map((a) => a.text)), ...(item.distractors ?? [])];
  return [...new Set(all)];
}

const firstFull = (answers: { text: string; fraction: number }[]) =>
  (answers.find((a) => a.fraction >= 1) ?? answers[0])?.text ?? "";

export const gapFill: XapiMapping<GapFillItem> = {
  definition(item) {
    const single = item.gaps.length === 1 && item.mode !== "typed";
    if (single) {
      const options = gapOptions(item);
      const gap = item.gaps[0] as GapFillItem["gaps"][number];
      const right = gap.answers.filter((a) => a.fraction >= 1).map((a) => options.indexOf(a.text));
      return {
        interactionType: "choice",
        correctResponsesPattern: right.filter((i) => i >= 0).map((i) => `o${i}`),
        choices: options.map((o, i) => component(`o${i}`, o)),
      };
    }
    const prefix = item.caseSensitive ? "{case_matters=true}" : "";
    return {
      interactionType: "fill-in",
      correctResponsesPattern: [`${prefix}${item.gaps.map((g) => clean(firstFull(g.answers))).join(SEP)}`],
    };
  },
  response(item, r) {
    const gaps = r.gaps ?? {};
    if (!Object.values(gaps).some((v) => v.trim())) return null;
    if (item.gaps.length === 1 && item.mode !== "typed") {
      const given = gaps[(item.gaps[0] as { id: string }).id] ?? "";
      const i = gapOptions(item).indexOf(given);
      return i >= 0 ? `o${i}` : clean(given);
    }
    return item.gaps.map((g) => clean(gaps[g.id] ?? "")).join(SEP);
  },
};

export const matching: XapiMapping<MatchingItem> = {
  definition(item) {
    const rights = [...item.pairs.map((p) => p.right), ...(item.distractors ?? [])];
    return {
      interactionType: "matching",
      correctResponsesPattern: [item.pairs.map((p, i) => `l${i}[.]r${rights.indexOf(p.right)}`).join(SEP)],
      source: item.pairs.map((p, i) => component(`l${i}`, p.left)),
      target: rights.map((r, i) => component(`r${i}`, r)),
    };
  },
  response(item, r) {
    const rights = [...item.pairs.map((p) => p.right), ...(item.distractors ?? [])];
    const parts = item.pairs.flatMap((p, i) => {
      const chosen = r.matches?.[p.left];
      const j = chosen === undefined ? -1 : rights.indexOf(chosen);
      return j >= 0 ? [`l${i}[.]r${j}`] : [];
    });
    return parts.length ? parts.join(SEP) : null;
  },
};

export const ordering: XapiMapping<OrderingItem> = {
  definition(item) {
    const ids = item.sequence.map((_, i) => `s${i}`);
    const alternatives = (item.alternatives ?? []).map((alt) => unitIds(item, alt));
    return {
      interactionType: "sequencing",
      correctResponsesPattern: [ids.join(SEP), ...alternatives.filter((a) => a !== null)],
      choices: item.sequence.map((u, i) => component(`s${i}`, u)),
    };
  },
  response: (item, r) => (r.sequence?.length ? unitIds(item, r.sequence) : null),
};

/** A sequence of unit texts as unit ids (equal texts take the next unused unit with that text). */
function unitIds(item: OrderingItem, units: string[]): string | null {
  const used = new Set<number>();
  const ids: string[] = [];
  for (const u of units) {
    const i = item.sequence.findIndex((s, k) => s === u && !used.has(k));
    if (i < 0) return null;
    used.add(i);
    ids.push(`s${i}`);
  }
  return ids.join(SEP);
}

export const markWords: XapiMapping<MarkWordsItem> = {
  definition(item) {
    const tokens = markWordsTokens(item.prompt);
    return {
      interactionType: "choice",
      correctResponsesPattern: [tokens.flatMap((t, i) => (t.target ? [`w${i}`] : [])).join(SEP)],
      choices: tokens.map((t, i) => component(`w${i}`, t.text)),
    };
  },
  response: (_item, r) =>
    r.marked?.length
      ? [...new Set(r.marked)]
          .sort((a, b) => a - b)
          .map((i) => `w${i}`)
          .join(SEP)
      : null,
};

export const essay: XapiMapping<EssayItem> = {
  definition: () => ({ interactionType: "long-fill-in" }),
  response: (_item, r) => (r.text?.trim() ? r.text : null),
};

type Mappings = { [K in Item["type"]]: XapiMapping<Extract<Item, { type: K }>> | null };

export const INTERACTIONS: Mappings = {
  multiple_choice: multipleChoice,
  true_false: trueFalse,
  short_answer: shortAnswer,
  numerical,
  gap_fill: gapFill,
  matching,
  ordering,
  mark_words: markWords,
  essay,
  description: null,
};

/** The interaction of an item (null for a description). */
export function interactionOf(item: Item): Interaction | null {
  const m = INTERACTIONS[item.type] as XapiMapping<Item> | null;
  return m ? m.definition(item) : null;
}

export function responsePatternOf(item: Item, response: Response): string | null {
  const m = INTERACTIONS[item.type] as XapiMapping<Item> | null;
  return m ? m.response(item, response) : null;
}
