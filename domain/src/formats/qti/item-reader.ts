/** A QTI 2.1 or 3.0 item document → one of our items (by its interactions), with what could not be read as warnings. */

import { readDescription } from "../../items/description/qti.ts";
import { readEssay } from "../../items/essay/qti.ts";
import { readDropdownGaps, readTypedGaps, readWordBank } from "../../items/gap-fill/qti.ts";
import { readMarkWords } from "../../items/mark-words/qti.ts";
import { readMatching } from "../../items/matching/qti.ts";
import { readMultipleChoice } from "../../items/multiple-choice/qti.ts";
import { isNumerical, readNumerical } from "../../items/numerical/qti.ts";
import { readOrdering } from "../../items/ordering/qti.ts";
import { isShortAnswer, readShortAnswer } from "../../items/short-answer/qti.ts";
import { isTrueFalse, readTrueFalse } from "../../items/true-false/qti.ts";
import type { ItemInput } from "../errors.ts";
import { child, elements, localName, textOf, type XElement, type XNode } from "../xml/tree.ts";
import { readPrompt } from "./body.ts";
import { defaultTitle, GENERAL_FEEDBACK } from "./item-writer.ts";
import { fromQti3Attribute, fromQti3Element } from "./names.ts";
import type { ReadContext } from "./types.ts";

/** QTI 3's names in 2.1 spelling, prefixes dropped, so one reader serves both versions. */
export function normalizeQti(node: XElement): XElement {
  const name = localName(node.name);
  const qti3 = name.startsWith("qti-");
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attrs)) attrs[qti3 ? fromQti3Attribute(k) : k] = v;
  return {
    name: fromQti3Element(name),
    attrs,
    children: node.children.map((c: XNode) => (typeof c === "string" ? c : normalizeQti(c))),
    ...(node.line ? { line: node.line } : {}),
  };
}

const SUPPORTED = new Set([
  "choiceInteraction",
  "textEntryInteraction",
  "inlineChoiceInteraction",
  "gapMatchInteraction",
  "matchInteraction",
  "orderInteraction",
  "hottextInteraction",
  "extendedTextInteraction",
]);

function interactionsIn(node: XElement, out: XElement[] = []): XElement[] {
  for (const c of elements(node)) {
    if (/Interaction$/.test(c.name)) out.push(c);
    // Interactions do not nest, except the inline ones inside block content of gap match / hottext.
    if (!/Interaction$/.test(c.name) || c.name === "gapMatchInteraction" || c.name === "hottextInteraction")
      interactionsIn(c, out);
  }
  return out;
}

export class ItemReadError extends Error {}

/** A media file of the package, as the importer stored it: the item's reference to it. */
export interface ImportedMedia {
  mediaId: string;
  kind: "audio" | "image" | "video" | "file";
}

/** Finds a body's media reference (`src` of img/audio/video/source, `data` of object) among the package's files. */
export type MediaResolver = (src: string) => ImportedMedia | undefined;

const MEDIA_ELEMENTS = new Set(["img", "object", "audio", "video"]);

function mediaSource(e: XElement): string | undefined {
  if (e.name === "object") return e.attrs.data;
  if (e.attrs.src) return e.attrs.src;
  return elements(e, "source").find((s) => s.attrs.src)?.attrs.src;
}

/**
 * Takes the media elements out of a body (they become the item's media, shown by our player beside the prompt),
 * and paragraphs left empty by that with them. Our own exports put each file in a paragraph of its own before the
 * prompt, so what remains reads as the prompt did.
 */
function takeMedia(
  body: XElement,
  resolve: MediaResolver | undefined,
  warnings: string[],
): { body: XElement; media: (ImportedMedia & { alt?: string })[] } {
  const media: (ImportedMedia & { alt?: string })[] = [];
  const walk = (node: XElement): XElement => {
    const children: XNode[] = [];
    for (const c of node.children) {
      if (typeof c === "string") {
        children.push(c);
        continue;
      }
      if (MEDIA_ELEMENTS.has(c.name)) {
        const src = mediaSource(c) ?? "";
        const found = src ? resolve?.(src) : undefined;
        if (found && !media.some((m) => m.mediaId === found.mediaId)) {
          const alt = c.name === "img" ? c.attrs.alt?.trim() : undefined;
          media.push({ ...found, ...(alt ? { alt: alt.slice(0, 1000) } : {}) });
        } else if (!found) {
          warnings.push(
            `the media file ${src || "(no source)"} is not in the package, or is not an accepted audio, image, video or PDF file; left out`,
          );
        }
        continue;
      }
      const inner = walk(c);
      const emptied =
        c.name === "p" &&
        c.children.some((n) => typeof n !== "string") &&
        inner.children.every((n) => typeof n === "string" && n.trim() === "");
      if (!emptied) children.push(inner);
    }
    return { ...node, children };
  };
  return { body: walk(body), media };
}

export function readQtiItem(root: XElement, warnings: string[], resolveMedia?: MediaResolver): ItemInput {
  const doc = normalizeQti(root);
  const stimulus = doc.name === "assessmentStimulus";
  if (doc.name !== "assessmentItem" && !stimulus) {
    throw new ItemReadError(`expected an assessmentItem or assessmentStimulus, found <${root.name}>`);
  }
  const taken = takeMedia(
    child(doc, stimulus ? "stimulusBody" : "itemBody") ?? { name: "itemBody", attrs: {}, children: [] },
    resolveMedia,
    warnings,
  );
  const body = taken.body;
  const declarations = new Map(elements(doc, "responseDeclaration").map((d) => [d.attrs.identifier ?? "", d]));
  const maxScore = elements(doc, "outcomeDeclaration").find((o) => o.attrs.identifier === "MAXSCORE");
  const points = maxScore ? Number(textOf(child(child(maxScore, "defaultValue") ?? maxScore, "value"))) : Number.NaN;
  const ctx: ReadContext = {
    item: doc,
    body,
    declarations,
    processing: child(doc, "responseProcessing"),
    points: Number.isFinite(points) && points >= 0 ? points : 1,
    warnings,
  };
  if (ctx.processing?.attrs.template && !ctx.processing.children.some((c) => typeof c !== "string")) {
    // The standard templates (match_correct, map_response) score from the declarations, which is what we read.
  }
  const modals = elements(doc, "modalFeedback");
  const general = modals.find((m) => m.attrs.outcomeIdentifier === GENERAL_FEEDBACK);
  if (modals.some((m) => m !== general) || otherFeedback(body)) warnings.push("conditional feedback is not imported");

  const found = stimulus ? [] : interactionsIn(body);
  const kinds = [...new Set(found.map((i) => i.name))];
  const unsupported = kinds.filter((k) => !SUPPORTED.has(k));
  if (unsupported.length)
    throw new ItemReadError(`unsupported interaction ${unsupported.map((k) => `<${k}>`).join(", ")}`);
  let item: ItemInput;
  if (!kinds.length) item = readDescription(ctx);
  else if (kinds.length > 1) {
    throw new ItemReadError(`the item mixes ${kinds.join(" and ")}; Language Cloud items have one kind of interaction`);
  } else {
    const kind = kinds[0] as string;
    const first = found[0] as XElement;
    switch (kind) {
      case "choiceInteraction":
        if (found.length > 1) throw new ItemReadError("several choice interactions in one item");
        item = isTrueFalse(first) ? readTrueFalse(ctx) : readMultipleChoice(ctx);
        break;
      case "textEntryInteraction":
        if (found.length === 1 && isNumerical(ctx, first)) item = readNumerical(ctx);
        else if (found.length === 1 && isShortAnswer(body, first)) item = readShortAnswer(ctx);
        else item = readTypedGaps(ctx);
        break;
      case "inlineChoiceInteraction":
        item = readDropdownGaps(ctx);
        break;
      case "gapMatchInteraction":
        item = readWordBank(ctx);
        break;
      case "matchInteraction":
        item = readMatching(ctx);
        break;
      case "orderInteraction":
        item = readOrdering(ctx);
        break;
      case "hottextInteraction":
        item = readMarkWords(ctx);
        break;
      default:
        item = readEssay(ctx);
    }
  }
  const title = doc.attrs.title?.trim();
  const identifier = doc.attrs.identifier ?? "";
  const id = (identifier.startsWith("item-") ? identifier.slice(5) : identifier)
    .replace(/[^A-Za-z0-9_.-]/g, "_")
    .slice(0, 64);
  return {
    ...item,
    ...(id ? { id } : {}),
    ...(title && !/^Question \d+$/.test(title) && title !== defaultTitle(-1) ? { title: title.slice(0, 255) } : {}),
    points: item.type === "description" ? 0 : ctx.points,
    ...(taken.media.length ? { media: taken.media.slice(0, 20) } : {}),
    ...(general ? { generalFeedback: readPrompt(general.children, () => undefined).prompt } : {}),
  } as ItemInput;
}

/** Feedback other than what the choice mappings read (a feedbackInline inside a choice). */
function otherFeedback(body: XElement, inChoice = false): boolean {
  return elements(body).some(
    (e) =>
      e.name === "feedbackBlock" ||
      (e.name === "feedbackInline" && !inChoice) ||
      otherFeedback(e, inChoice || e.name === "simpleChoice"),
  );
}
