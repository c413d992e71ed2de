/**
 * gap_fill: typed gaps ↔ several textEntryInteractions in one item; dropdown gaps ↔ inlineChoiceInteractions;
 * a word bank ↔ one gapMatchInteraction (the bank's words are gapTexts, each gap a `gap`). Each gap is worth an
 * equal share of the points, as in our grader.
 */
import type { Item } from "../../content/schema.ts";
import type { ItemInput } from "../../formats/errors.ts";
import { readPrompt } from "../../formats/qti/body.ts";
import { interactions, mediaNodes, promptNodes } from "../../formats/qti/items/common.ts";
import { typedWarnings } from "../../formats/qti/items/typed.ts";
import {
  fractionsOf,
  isIdentifier,
  mappedScore,
  readMapping,
  responseDeclaration,
} from "../../formats/qti/processing.ts";
import type { ItemMapping, QtiParts, ReadContext, WriteEnv } from "../../formats/qti/types.ts";
import { el, elements, textOf, type XElement, type XNode } from "../../formats/xml/tree.ts";

type Gap = Item & { type: "gap_fill" };

/** A gap id as a QTI identifier (ours may start with a digit; QTI's may not). */
export const gapIdentifier = (id: string) => (isIdentifier(id) ? id : `GAP_${id}`);
export const gapIdOf = (identifier: string) => {
  const id = identifier.startsWith("GAP_") && /^[0-9]/.test(identifier.slice(4)) ? identifier.slice(4) : identifier;
  return id.replace(/[^A-Za-z0-9_-]/g, "_");
};

const best = (answers: { text: string; fraction: number }[]) => [...answers].sort((a, b) => b.fraction - a.fraction)[0];

function typed(item: Gap, env: WriteEnv, warnings: string[]): QtiParts {
  typedWarnings(
    warnings,
    item,
    item.gaps.flatMap((g) => g.answers),
  );
  const share = env.points / item.gaps.length;
  const declarations = item.gaps.map((g) =>
    responseDeclaration(gapIdentifier(g.id), "single", "string", [best(g.answers)?.text ?? ""], {
      entries: g.answers.map((a) => ({ key: a.text, value: a.fraction * share, caseSensitive: item.caseSensitive })),
      lowerBound: 0,
    }),
  );
  const body = promptNodes(item, env, warnings, (id) => {
    const gap = item.gaps.find((g) => g.id === id);
    if (!gap) return undefined;
    const longest = Math.max(...gap.answers.map((a) => a.text.length));
    return el("textEntryInteraction", { responseIdentifier: gapIdentifier(id), expectedLength: Math.max(5, longest) });
  });
  return {
    declarations,
    body,
    processing: mappedScore(item.gaps.map((g) => gapIdentifier(g.id))),
    interaction: "textEntryInteraction",
    warnings,
  };
}

function dropdown(item: Gap, env: WriteEnv, warnings: string[]): QtiParts {
  const share = env.points / item.gaps.length;
  if (item.gaps.some((g) => g.answers.some((a) => a.feedback))) warnings.push("per-answer feedback is not exported");
  const declarations = item.gaps.map((g) => {
    const options = g.options ?? [];
    const idOf = (text: string) => {
      const k = options.indexOf(text);
      return k === -1 ? undefined : `c${k + 1}`;
    };
    if (g.answers.some((a) => idOf(a.text) === undefined))
      warnings.push(`gap ${g.id}: answers that are not among its options are lost`);
    const entries = g.answers.flatMap((a) => {
      const key = idOf(a.text);
      return key ? [{ key, value: a.fraction * share }] : [];
    });
    const right = best(g.answers);
    return responseDeclaration(
      gapIdentifier(g.id),
      "single",
      "identifier",
      right && idOf(right.text) ? [idOf(right.text) as string] : [],
      {
        entries,
        lowerBound: 0,
      },
    );
  });
  const body = promptNodes(item, env, warnings, (id) => {
    const gap = item.gaps.find((g) => g.id === id);
    if (!gap) return undefined;
    return el(
      "inlineChoiceInteraction",
      { responseIdentifier: gapIdentifier(id), shuffle: "false" },
      ...(gap.options ?? []).map((o, k) => el("inlineChoice", { identifier: `c${k + 1}` }, o)),
    );
  });
  return {
    declarations,
    body,
    processing: mappedScore(item.gaps.map((g) => gapIdentifier(g.id))),
    interaction: "inlineChoiceInteraction",
    warnings,
  };
}

function wordBank(item: Gap, env: WriteEnv, warnings: string[]): QtiParts {
  const share = env.points / item.gaps.length;
  if (item.gaps.some((g) => g.answers.some((a) => a.feedback))) warnings.push("per-answer feedback is not exported");
  // The bank as our player shows it: each gap's best answer plus the distractors; a word may fill several gaps.
  const bank = [...item.gaps.map((g) => best(g.answers)?.text ?? ""), ...(item.distractors ?? [])];
  const words = [...new Set(bank)];
  const wordId = (text: string) => `word-${words.indexOf(text) + 1}`;
  const entries = item.gaps.flatMap((g) =>
    g.answers
      .filter((a) => words.includes(a.text))
      .map((a) => ({ key: `${wordId(a.text)} ${gapIdentifier(g.id)}`, value: a.fraction * share })),
  );
  if (item.gaps.some((g) => g.answers.some((a) => a.fraction > 0 && !words.includes(a.text)))) {
    warnings.push("accepted answers that are not in the word bank are lost");
  }
  const correct = item.gaps.map((g) => `${wordId(best(g.answers)?.text ?? "")} ${gapIdentifier(g.id)}`);
  const decl = responseDeclaration("RESPONSE", "multiple", "directedPair", correct, {
    entries,
    lowerBound: 0,
    upperBound: env.points,
  });
  const prompt = promptNodes({ ...item, media: [] }, { ...env, media: [] }, warnings, (id) =>
    item.gaps.some((g) => g.id === id) ? el("gap", { identifier: gapIdentifier(id) }) : undefined,
  );
  const counts = new Map<string, number>();
  for (const w of bank) counts.set(w, (counts.get(w) ?? 0) + 1);
  const interaction = el(
    "gapMatchInteraction",
    { responseIdentifier: "RESPONSE", shuffle: "false" },
    ...words.map((w) => el("gapText", { identifier: wordId(w), matchMax: item.gaps.length }, w)),
    ...prompt,
  );
  return {
    declarations: [decl],
    body: [...mediaNodes(env), interaction],
    processing: mappedScore(["RESPONSE"]),
    interaction: "gapMatchInteraction",
    warnings,
  };
}

export const qti: ItemMapping<Gap> = {
  write(item, env) {
    const warnings: string[] = [];
    if (item.mode === "dropdown") return dropdown(item, env, warnings);
    if (item.mode === "word_bank") return wordBank(item, env, warnings);
    return typed(item, env, warnings);
  },
};

const marker = (identifier: string) => `[[${gapIdOf(identifier)}]]`;

export function readTypedGaps(ctx: ReadContext): ItemInput {
  const entries = interactions(ctx.body, "textEntryInteraction");
  const gaps = entries.map((e) => {
    const identifier = e.attrs.responseIdentifier ?? "";
    const decl = ctx.declarations.get(identifier);
    const share = ctx.points / entries.length;
    return {
      id: gapIdOf(identifier),
      answers: [...fractionsOf(decl, share)].map(([text, fraction]) => ({ text, fraction })),
    };
  });
  const caseSensitive = entries.some((e) =>
    readMapping(ctx.declarations.get(e.attrs.responseIdentifier ?? "")).some((m) => m.caseSensitive),
  );
  return {
    type: "gap_fill",
    mode: "typed",
    ...readPrompt(ctx.body.children, (e) =>
      e.name === "textEntryInteraction" ? marker(e.attrs.responseIdentifier ?? "") : undefined,
    ),
    gaps,
    caseSensitive,
    tolerance: "exact",
  };
}

export function readDropdownGaps(ctx: ReadContext): ItemInput {
  const list = interactions(ctx.body, "inlineChoiceInteraction");
  const gaps = list.map((i) => {
    const identifier = i.attrs.responseIdentifier ?? "";
    const choices = elements(i, "inlineChoice");
    const textOfChoice = new Map(choices.map((c) => [c.attrs.identifier ?? "", textOf(c).trim()]));
    const fractions = fractionsOf(ctx.declarations.get(identifier), ctx.points / list.length);
    return {
      id: gapIdOf(identifier),
      options: choices.map((c) => textOf(c).trim()),
      answers: [...fractions]
        .filter(([k]) => textOfChoice.has(k))
        .map(([k, fraction]) => ({ text: textOfChoice.get(k) as string, fraction })),
    };
  });
  return {
    type: "gap_fill",
    mode: "dropdown",
    ...readPrompt(ctx.body.children, (e) =>
      e.name === "inlineChoiceInteraction" ? marker(e.attrs.responseIdentifier ?? "") : undefined,
    ),
    gaps,
  };
}

export function readWordBank(ctx: ReadContext): ItemInput {
  const interaction = interactions(ctx.body, "gapMatchInteraction")[0] as XElement;
  const words = new Map(elements(interaction, "gapText").map((g) => [g.attrs.identifier ?? "", textOf(g).trim()]));
  const content: XNode[] = interaction.children.filter(
    (c) => typeof c === "string" || !["gapText", "gapImg", "prompt"].includes(c.name),
  );
  const gapIds: string[] = [];
  const collect = (nodes: XNode[]) => {
    for (const n of nodes)
      if (typeof n !== "string") n.name === "gap" ? gapIds.push(n.attrs.identifier ?? "") : collect(n.children);
  };
  collect(content);
  const fractions = fractionsOf(
    ctx.declarations.get(interaction.attrs.responseIdentifier ?? ""),
    ctx.points / Math.max(1, gapIds.length),
  );
  const used = new Set<string>();
  const gaps = gapIds.map((gid) => {
    const answers = [...fractions]
      .map(([pair, fraction]) => ({ pair: pair.trim().split(/\s+/), fraction }))
      .filter(({ pair }) => pair[1] === gid && words.has(pair[0] as string))
      .map(({ pair, fraction }) => {
        used.add(pair[0] as string);
        return { text: words.get(pair[0] as string) as string, fraction };
      });
    return { id: gapIdOf(gid), answers };
  });
  const bestWords = gaps.map((g) => best(g.answers)?.text);
  const distractors = [...words.values()].filter((w) => !bestWords.includes(w));
  const before = ctx.body.children.filter((c) => c !== interaction);
  const prompt = readPrompt([...before, ...content], (e) =>
    e.name === "gap" ? marker(e.attrs.identifier ?? "") : undefined,
  );
  return { type: "gap_fill", mode: "word_bank", ...prompt, gaps, ...(distractors.length ? { distractors } : {}) };
}
