/**
 * A small, safe XML layer for the QTI and Moodle XML converters. Files from other systems are untrusted: a
 * DOCTYPE (the door to external entities and entity expansion bombs) is refused outright, nesting and size are
 * bounded, and only the five predefined entities and character references are decoded. The tree keeps mixed
 * content in order, which QTI item bodies need (text, then an interaction, then text).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { FormatIssue } from "../errors.ts";

export interface XElement {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  /** 1-based line of the start tag (when parsed from text). */
  line?: number;
}
export type XNode = XElement | string;

/** Deeper than any real item; a bound so hostile nesting cannot exhaust the stack. */
export const MAX_XML_DEPTH = 64;
/** One XML file of a package or one Moodle file; larger inputs are refused before parsing. */
export const MAX_XML_CHARS = 8 * 1024 * 1024;

export class XmlError extends Error {
  constructor(readonly issue: FormatIssue) {
    super(issue.message);
  }
}

const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITY[ref] ?? whole;
  });
}

export function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;").replace(/\r/g, "&#13;");
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
  commentPropName: "#comment",
  maxNestedTags: MAX_XML_DEPTH,
});

/** Parses one XML document into its root element, or throws an XmlError with the line of the first problem. */
export function parseXml(text: string): XElement {
  if (text.length > MAX_XML_CHARS) {
    throw new XmlError({ line: 1, message: `the XML file is larger than ${MAX_XML_CHARS / 1024 / 1024} MB` });
  }
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(text);
  if (doctype) {
    throw new XmlError({
      ...lineAt(text, doctype.index),
      message: "a DOCTYPE or entity declaration is not allowed (external entities are never fetched)",
    });
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new XmlError({ line: valid.err.line, column: valid.err.col, message: `invalid XML: ${valid.err.msg}` });
  }
  let raw: unknown[];
  try {
    raw = parser.parse(text) as unknown[];
  } catch (err) {
    throw new XmlError({ line: 1, message: `invalid XML: ${err instanceof Error ? err.message : String(err)}` });
  }
  const lines = startLines(text);
  const roots = convert(raw, lines, 0).filter((n): n is XElement => typeof n !== "string");
  const root = roots[0];
  if (!root) throw new XmlError({ line: 1, message: "the file holds no XML element" });
  return root;
}

function lineAt(text: string, offset: number): { line: number } {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return { line };
}

/** Line of each start tag in document order, so converted elements can carry their line. */
function startLines(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  const re = /\n|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<([A-Za-z_][^\s/>]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === "\n") line++;
    else if (m[1]) out.push(line);
    else line += (m[0].match(/\n/g) ?? []).length;
  }
  return out;
}

interface Counter {
  next: number;
}

function convert(raw: unknown[], lines: number[], depth: number, counter: Counter = { next: 0 }): XNode[] {
  if (depth > MAX_XML_DEPTH)
    throw new XmlError({ line: 1, message: `the XML nests deeper than ${MAX_XML_DEPTH} levels` });
  const out: XNode[] = [];
  for (const entry of raw) {
    const obj = entry as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (key === ":@") continue;
      const value = obj[key];
      if (key === "#text") {
        out.push(decodeEntities(String(value)));
      } else if (key === "#cdata") {
        const parts = value as { "#text"?: string }[];
        out.push(parts.map((p) => String(p["#text"] ?? "")).join(""));
      } else if (key === "#comment") {
        // comments carry nothing the converters read
      } else {
        const line = lines[counter.next++];
        const attrs: Record<string, string> = {};
        for (const [k, v] of Object.entries((obj[":@"] as Record<string, unknown>) ?? {})) {
          attrs[k] = decodeEntities(String(v));
        }
        out.push({ name: key, attrs, children: convert(value as unknown[], lines, depth + 1, counter), line });
      }
    }
  }
  // Adjacent text pieces (text + CDATA) read as one.
  const merged: XNode[] = [];
  for (const n of out) {
    const last = merged[merged.length - 1];
    if (typeof n === "string" && typeof last === "string") merged[merged.length - 1] = last + n;
    else merged.push(n);
  }
  return merged;
}

/** The local name (namespace prefix dropped). */
export function localName(name: string): string {
  const i = name.indexOf(":");
  return i === -1 ? name : name.slice(i + 1);
}

export function elements(node: XElement, name?: string): XElement[] {
  return node.children.filter(
    (c): c is XElement => typeof c !== "string" && (name === undefined || localName(c.name) === name),
  );
}

export function child(node: XElement, name: string): XElement | undefined {
  return elements(node, name)[0];
}

/** Every descendant element with that local name, in document order. */
export function descendants(node: XElement, name: string): XElement[] {
  const out: XElement[] = [];
  const walk = (n: XElement) => {
    for (const c of n.children) {
      if (typeof c === "string") continue;
      if (localName(c.name) === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

export function textOf(node: XElement | undefined): string {
  if (!node) return "";
  return node.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
}

/** A builder for writing: `el("p", {class: "x"}, "text", el("br"))`. Undefined attributes are left out. */
export function el(
  name: string,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: (XNode | undefined | false)[]
): XElement {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a[k] = String(v);
  return { name, attrs: a, children: children.filter((c): c is XNode => c !== undefined && c !== false) };
}

export interface SerializeOptions {
  /** Renames elements and attributes on the way out (QTI 3 spells QTI 2.1's names in kebab case). */
  rename?: (name: string, kind: "element" | "attribute", element: string) => string;
  /** Elements whose text goes into CDATA (Moodle's <text>). */
  cdata?: (element: string) => boolean;
  /** Indent block-level structure (never inside elements that have text children). */
  indent?: boolean;
  /** Elements written on one line whatever they hold (XHTML, whose whitespace is content). */
  compact?: (element: string) => boolean;
}

/** Deterministic XML text: same tree, same bytes (what the round-trip tests rely on). */
export function serialize(root: XElement, options: SerializeOptions = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(root, options, 0)}\n`;
}

function write(node: XElement, o: SerializeOptions, depth: number): string {
  const name = o.rename ? o.rename(node.name, "element", node.name) : node.name;
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${o.rename ? o.rename(k, "attribute", node.name) : k}="${escapeAttr(v)}"`)
    .join("");
  if (!node.children.length) return `<${name}${attrs}/>`;
  const mixed = node.children.some((c) => typeof c === "string");
  const useCdata = o.cdata?.(node.name) ?? false;
  if (mixed || !o.indent || o.compact?.(node.name)) {
    const inner = node.children
      .map((c) =>
        typeof c === "string" ? (useCdata ? cdata(c) : escapeText(c)) : write(c, { ...o, indent: false }, depth + 1),
      )
      .join("");
    return `<${name}${attrs}>${inner}</${name}>`;
  }
  const pad = "  ".repeat(depth + 1);
  const inner = node.children.map((c) => `\n${pad}${write(c as XElement, o, depth + 1)}`).join("");
  return `<${name}${attrs}>${inner}\n${"  ".repeat(depth)}</${name}>`;
}

function cdata(s: string): string {
  return /[<>&]/.test(s) ? `<![CDATA[${s.replace(/\]\]>/g, "]]]]><![CDATA[>")}]]>` : s;
}

/** Parses an XML fragment (e.g. an HTML prompt) into nodes, or undefined when it is not well-formed. */
export function parseFragment(text: string): XNode[] | undefined {
  try {
    return parseXml(`<fragment>${text}</fragment>`).children;
  } catch {
    return undefined;
  }
}

export function serializeNodes(nodes: XNode[]): string {
  return nodes.map((c) => (typeof c === "string" ? escapeText(c) : write(c, {}, 0))).join("");
}
