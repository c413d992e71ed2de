/**
 * Renders a prompt: plain and markdown as text (line breaks kept), HTML through an allow-list of tags walked
 * from an inert DOMParser document, so no script, handler or style attribute ever reaches the page.
 */
import { createElement, type ReactNode } from "react";

const ALLOWED = new Set([
  "p",
  "br",
  "b",
  "strong",
  "i",
  "em",
  "u",
  "s",
  "sub",
  "sup",
  "ul",
  "ol",
  "li",
  "span",
  "code",
  "pre",
  "blockquote",
  "h3",
  "h4",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "a",
]);

function walk(node: Node, key: string): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  const children = Array.from(el.childNodes).map((c, i) => walk(c, `${key}.${i}`));
  if (!ALLOWED.has(tag)) return createElement("span", { key }, ...children);
  if (tag === "br") return createElement("br", { key });
  if (tag === "a") {
    const href = el.getAttribute("href") ?? "";
    const safe = /^https?:\/\//i.test(href) ? href : undefined;
    return createElement("a", { key, href: safe, rel: "noopener noreferrer", target: "_blank" }, ...children);
  }
  return createElement(tag, { key }, ...children);
}

export function RichText({
  text,
  format,
  id,
  className,
}: {
  text: string;
  format?: unknown;
  id?: string;
  className?: string;
}) {
  if (format === "html" && typeof DOMParser !== "undefined") {
    const doc = new DOMParser().parseFromString(text, "text/html");
    return (
      <div id={id} className={className}>
        {Array.from(doc.body.childNodes).map((n, i) => walk(n, String(i)))}
      </div>
    );
  }
  return (
    <div id={id} className={className}>
      {text}
    </div>
  );
}

/** Plain text of a prompt in any format (for gap texts and short labels). */
export function plainText(text: string, format?: unknown): string {
  if (format !== "html" || typeof DOMParser === "undefined") return text;
  return new DOMParser().parseFromString(text, "text/html").body.textContent ?? "";
}
