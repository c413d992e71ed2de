/** One item as a QTI assessmentItem (or, for a QTI 3 description, an assessmentStimulus) document. */
import { type Item, itemPoints } from "../../content/schema.ts";
import { itemModule } from "../../items/registry.ts";
import { el, serialize, type XElement } from "../xml/tree.ts";
import { promptDiv } from "./body.ts";
import { isHtmlElement, QTI_NS, QTI_XSD, type QtiVersion, toQti3 } from "./names.ts";
import { baseValue, num } from "./processing.ts";
import type { PackageMedia } from "./types.ts";

export interface WrittenItem {
  identifier: string;
  xml: string;
  kind: "item" | "stimulus";
  interaction?: string;
  warnings: string[];
}

export const itemIdentifier = (item: Item) => `item-${item.id}`;
export const GENERAL_FEEDBACK = "GENERALFEEDBACK";
export const defaultTitle = (index: number) => `Question ${index + 1}`;

/** What every QTI item loses of our common fields. */
function commonWarnings(item: Item): string[] {
  const out: string[] = [];
  if (item.generalFeedback && item.type === "description") out.push("the general feedback is not exported");
  if (item.category) out.push("the category is not exported");
  if (item.tags?.length) out.push("the tags are not exported");
  if (item.skills?.length) out.push("the item's skills are not exported");
  return out;
}

export function writeQtiItem(item: Item, index: number, version: QtiVersion, media: PackageMedia[]): WrittenItem {
  const identifier = itemIdentifier(item);
  const points = itemPoints(item);
  const parts = itemModule(item).qti.write(item, { version, points, media });
  const root = (name: string, ...children: (XElement | undefined)[]) =>
    el(
      name,
      {
        xmlns: QTI_NS[version],
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": `${QTI_NS[version]} ${QTI_XSD[version]}`,
        identifier,
        title: item.title ?? defaultTitle(index),
        ...(name === "assessmentItem" ? { adaptive: "false", timeDependent: "false" } : {}),
        "xml:lang": "en",
      },
      ...children,
    );
  const stimulus = item.type === "description" && version === "3.0";
  // General feedback: a modal feedback shown whatever the answer (GENERALFEEDBACK is always set to "shown").
  const general = item.generalFeedback && item.type !== "description" ? item.generalFeedback : undefined;
  const processing = [
    ...parts.processing,
    ...(general ? [el("setOutcomeValue", { identifier: GENERAL_FEEDBACK }, baseValue("identifier", "shown"))] : []),
  ];
  const doc = stimulus
    ? root("assessmentStimulus", el("stimulusBody", {}, ...parts.body))
    : root(
        "assessmentItem",
        ...parts.declarations,
        el(
          "outcomeDeclaration",
          { identifier: "SCORE", cardinality: "single", baseType: "float" },
          el("defaultValue", {}, el("value", {}, "0")),
        ),
        el(
          "outcomeDeclaration",
          { identifier: "MAXSCORE", cardinality: "single", baseType: "float" },
          el("defaultValue", {}, el("value", {}, num(points))),
        ),
        ...(parts.outcomes ?? []),
        general
          ? el("outcomeDeclaration", { identifier: GENERAL_FEEDBACK, cardinality: "single", baseType: "identifier" })
          : undefined,
        el("itemBody", {}, ...parts.body),
        processing.length ? el("responseProcessing", {}, ...processing) : undefined,
        general
          ? el(
              "modalFeedback",
              { outcomeIdentifier: GENERAL_FEEDBACK, identifier: "shown", showHide: "show", title: "Feedback" },
              promptDiv(general, "plain", []),
            )
          : undefined,
      );
  const xml = serialize(doc, { rename: version === "3.0" ? toQti3 : undefined, indent: true, compact: isHtmlElement });
  return {
    identifier,
    xml,
    kind: stimulus ? "stimulus" : "item",
    ...(parts.interaction ? { interaction: parts.interaction } : {}),
    warnings: [...commonWarnings(item), ...parts.warnings],
  };
}

export { baseValue };
