/**
 * QTI 3.0 spells QTI 2.1's elements and attributes in kebab case with a `qti-` prefix on elements
 * (`choiceInteraction` → `qti-choice-interaction`, `responseIdentifier` → `response-identifier`). The converters
 * build and read trees in 2.1's spelling and rename at the edges, so each item type's mapping is written once.
 * XHTML elements of item bodies keep their names in both.
 */
export type QtiVersion = "3.0" | "2.1";

export const QTI_NS: Record<QtiVersion, string> = {
  "3.0": "http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
  "2.1": "http://www.imsglobal.org/xsd/imsqti_v2p1",
};
export const QTI_XSD: Record<QtiVersion, string> = {
  "3.0": "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd",
  "2.1": "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
};

const HTML = new Set(
  "a abbr address b big blockquote br caption cite code col colgroup dd dfn div dl dt em h1 h2 h3 h4 h5 h6 hr i img kbd li object ol p param pre q samp small span strong sub sup table tbody td tfoot th thead tr tt ul var audio video source track figure figcaption u".split(
    " ",
  ),
);

export function isHtmlElement(name: string): boolean {
  return HTML.has(name);
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Renames a 2.1 name to its QTI 3 spelling (for serialize()). */
export function toQti3(name: string, kind: "element" | "attribute", element: string): string {
  if (name.includes(":") || name === "xmlns") return name;
  if (kind === "element") return HTML.has(name) ? name : `qti-${kebab(name)}`;
  // HTML attributes stay as they are; QTI attributes go kebab.
  return HTML.has(element) ? name : kebab(name);
}

/** The 2.1 spelling of a QTI 3 element name (other names pass unchanged). */
export function fromQti3Element(name: string): string {
  return name.startsWith("qti-") ? camel(name.slice(4)) : name;
}

export function fromQti3Attribute(name: string): string {
  return name.includes(":") ? name : camel(name);
}
