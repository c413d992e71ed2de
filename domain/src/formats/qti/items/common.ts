/** Helpers the item mappings share: the prompt block, media, warnings for what QTI has no place for. */
import type { Item } from "../../../content/schema.ts";
import { el, elements, type XElement, type XNode } from "../../xml/tree.ts";
import { promptDiv } from "../body.ts";
import type { ReadContext, WriteEnv } from "../types.ts";

export function mediaNodes(env: WriteEnv): XNode[] {
  return env.media.map((m) =>
    m.contentType.startsWith("image/")
      ? el("p", {}, el("img", { src: m.href, alt: m.alt ?? "" }))
      : el("p", {}, el("object", { data: m.href, type: m.contentType }, m.href)),
  );
}

/** The prompt and media of an item, as the first blocks of its body. */
export function promptNodes(
  item: Item,
  env: WriteEnv,
  warnings: string[],
  replace?: (id: string) => XNode | undefined,
): XNode[] {
  const nodes: XNode[] = [...mediaNodes(env)];
  if (item.prompt || replace) nodes.push(promptDiv(item.prompt, item.promptFormat, warnings, replace));
  return nodes;
}

/** Per-answer feedback has no place in our QTI mapping (modal feedback would need outcome rules per answer). */
export function feedbackWarning(warnings: string[], hasFeedback: boolean): void {
  if (hasFeedback) warnings.push("per-answer feedback is not exported");
}

/** The interactions of a body in document order. */
export function interactions(body: XElement, name: string): XElement[] {
  const out: XElement[] = [];
  const walk = (n: XElement) => {
    for (const c of elements(n)) {
      if (c.name === name) out.push(c);
      else walk(c);
    }
  };
  walk(body);
  return out;
}

/** Body nodes without the interaction(s) given (for reading the prompt of a one-interaction item). */
export function isInteraction(e: XElement): boolean {
  return /Interaction$/.test(e.name);
}

export function choicesOf(interaction: XElement, name = "simpleChoice"): XElement[] {
  return elements(interaction, name);
}

export function pointsWarning(_ctx: ReadContext): void {}

/** What an interaction contributes to the prompt: its own `<prompt>` (other systems put the question there). */
export function interactionText(e: XElement): string | undefined {
  if (!isInteraction(e)) return undefined;
  const prompt = elements(e, "prompt")[0];
  return prompt ? textOfNode(prompt).replace(/\s+/g, " ").trim() : "";
}

function textOfNode(n: XElement): string {
  return n.children.map((c) => (typeof c === "string" ? c : textOfNode(c))).join("");
}

/**
 * Per-choice feedback, the standard QTI way: a `feedbackInline` inside the choice, shown when the FEEDBACK outcome
 * (set to the response by response processing) holds the choice's identifier.
 */
export function choiceFeedback(identifier: string, feedback: string | undefined): XElement | undefined {
  if (!feedback) return undefined;
  return el("feedbackInline", { outcomeIdentifier: "FEEDBACK", identifier, showHide: "show" }, feedback);
}

export function feedbackOutcome(cardinality: "single" | "multiple"): XElement {
  return el("outcomeDeclaration", { identifier: "FEEDBACK", cardinality, baseType: "identifier" });
}

export const setFeedback = (): XElement =>
  el("setOutcomeValue", { identifier: "FEEDBACK" }, el("variable", { identifier: "RESPONSE" }));

/** A choice's own text (without its feedback) and its feedback. */
export function choiceParts(choice: XElement): { text: string; feedback?: string } {
  const fb = elements(choice, "feedbackInline")[0];
  const text = choice.children
    .filter((c) => typeof c === "string" || c.name !== "feedbackInline")
    .map((c) => (typeof c === "string" ? c : textOfNode(c)))
    .join("")
    .trim();
  const feedback = fb ? textOfNode(fb).trim() : "";
  return { text, ...(feedback ? { feedback } : {}) };
}
