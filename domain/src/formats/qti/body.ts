/**
 * Prompts ↔ QTI item bodies (XHTML). Our own exports wrap the prompt in `<div class="lc-prompt lc-plain">` (or
 * lc-markdown, lc-html) so that reading it back gives the same text and format; bodies from other systems are read
 * as plain text when they hold only paragraphs, and as HTML otherwise.
 */
import { el, localName, parseFragment, serializeNodes, textOf, type XElement, type XNode } from "../xml/tree.ts";
import { isHtmlElement } from "./names.ts";

type Format = "plain" | "markdown" | "html";

/** Replaces `[[id]]` markers in a text by nodes (gap interactions); other text stays text. */
function splitMarkers(text: string, replace?: (id: string) => XNode | undefined): XNode[] {
  if (!replace) return text ? [text] : [];
  const out: XNode[] = [];
  let last = 0;
  for (const m of text.matchAll(/\[\[([A-Za-z0-9_-]+)\]\]/g)) {
    const node = replace(m[1] as string);
    if (!node) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(node);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function replaceInTree(nodes: XNode[], replace?: (id: string) => XNode | undefined): XNode[] {
  return nodes.flatMap((n) =>
    typeof n === "string" ? splitMarkers(n, replace) : [{ ...n, children: replaceInTree(n.children, replace) }],
  );
}

function allHtml(nodes: XNode[]): boolean {
  return nodes.every((n) => typeof n === "string" || (isHtmlElement(n.name) && allHtml(n.children)));
}

/** Plain text as paragraphs (blank lines) and line breaks. */
export function textBlocks(text: string, replace?: (id: string) => XNode | undefined): XElement[] {
  if (text === "") return [];
  return text.split(/\n\n/).map((para) => {
    const children: XNode[] = [];
    para.split("\n").forEach((line, i) => {
      if (i > 0) children.push(el("br"));
      children.push(...splitMarkers(line, replace));
    });
    return el("p", {}, ...children);
  });
}

/** The prompt as a `<div>` of the item body; `replace` turns `[[gap]]` markers into interactions. */
export function promptDiv(
  prompt: string,
  format: Format,
  warnings: string[],
  replace?: (id: string) => XNode | undefined,
): XElement {
  if (format === "html") {
    const nodes = parseFragment(prompt);
    if (nodes && allHtml(nodes)) return el("div", { class: "lc-prompt lc-html" }, ...replaceInTree(nodes, replace));
    warnings.push(
      "the HTML prompt uses markup QTI's XHTML does not allow (or is not well-formed); it is exported as plain text",
    );
    const text = nodes ? serializeNodes(nodes).replace(/<[^>]*>/g, "") : prompt.replace(/<[^>]*>/g, "");
    return el("div", { class: "lc-prompt lc-plain" }, ...textBlocks(text, replace));
  }
  if (format === "markdown") warnings.push("markdown formatting is exported as its source text");
  return el("div", { class: `lc-prompt lc-${format}` }, ...textBlocks(prompt, replace));
}

export interface ReadPrompt {
  prompt: string;
  promptFormat: Format;
}

/**
 * Reads a prompt back from body nodes. `replace` returns the text standing for an interaction (a `[[gap]]`
 * marker, or "" to leave it out), or undefined for ordinary elements.
 */
export function readPrompt(nodes: XNode[], replace: (e: XElement) => string | undefined): ReadPrompt {
  const ours = findOurs(nodes);
  if (ours) {
    const cls = ours.attrs.class ?? "";
    const format: Format = cls.includes("lc-html") ? "html" : cls.includes("lc-markdown") ? "markdown" : "plain";
    if (format === "html") return { prompt: htmlOf(ours.children, replace), promptFormat: "html" };
    return { prompt: exactText(ours.children, replace), promptFormat: format };
  }
  const rich = hasRichMarkup(nodes, replace);
  if (rich) return { prompt: htmlOf(nodes, replace).trim(), promptFormat: "html" };
  return { prompt: looseText(nodes, replace), promptFormat: "plain" };
}

function findOurs(nodes: XNode[]): XElement | undefined {
  for (const n of nodes) {
    if (typeof n === "string") continue;
    if (n.name === "div" && (n.attrs.class ?? "").split(" ").includes("lc-prompt")) return n;
  }
  return undefined;
}

function hasRichMarkup(nodes: XNode[], replace: (e: XElement) => string | undefined): boolean {
  return nodes.some((n) => {
    if (typeof n === "string" || replace(n) !== undefined) return false;
    const name = localName(n.name);
    if (!["p", "div", "br", "span", "prompt"].includes(name)) return true;
    return hasRichMarkup(n.children, replace);
  });
}

/** Our own paragraphs: exact text, `<p>` → blank line, `<br/>` → newline. */
function exactText(nodes: XNode[], replace: (e: XElement) => string | undefined): string {
  const paras: string[] = [];
  for (const n of nodes) {
    if (typeof n === "string") continue;
    if (n.name === "p") paras.push(inlineText(n.children, replace, false));
  }
  return paras.join("\n\n");
}

function inlineText(nodes: XNode[], replace: (e: XElement) => string | undefined, loose: boolean): string {
  return nodes
    .map((n) => {
      if (typeof n === "string") return loose ? n.replace(/\s+/g, " ") : n;
      const r = replace(n);
      if (r !== undefined) return r;
      if (localName(n.name) === "br") return "\n";
      return inlineText(n.children, replace, loose);
    })
    .join("");
}

/** Text of a foreign body: block elements become paragraphs, whitespace from indentation is collapsed. */
function looseText(nodes: XNode[], replace: (e: XElement) => string | undefined): string {
  const paras: string[] = [];
  let inline: XNode[] = [];
  const flush = () => {
    const t = inlineText(inline, replace, true)
      .split("\n")
      .map((l) => l.trim())
      .join("\n")
      .trim();
    if (t) paras.push(t);
    inline = [];
  };
  for (const n of nodes) {
    if (typeof n !== "string" && ["p", "div", "prompt"].includes(localName(n.name)) && replace(n) === undefined) {
      flush();
      const inner = looseText(n.children, replace);
      if (inner) paras.push(inner);
    } else inline.push(n);
  }
  flush();
  return paras.join("\n\n");
}

function htmlOf(nodes: XNode[], replace: (e: XElement) => string | undefined): string {
  const mapped = (list: XNode[]): XNode[] =>
    list.map((n) => {
      if (typeof n === "string") return n;
      const r = replace(n);
      if (r !== undefined) return r;
      return { ...n, name: localName(n.name), children: mapped(n.children) };
    });
  return serializeNodes(mapped(nodes));
}

export { textOf };
