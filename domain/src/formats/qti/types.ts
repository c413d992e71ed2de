import type { Item } from "../../content/schema.ts";
import type { ItemInput } from "../errors.ts";
import type { XElement, XNode } from "../xml/tree.ts";
import type { QtiVersion } from "./names.ts";

/** A media file an exported item refers to, resolved by the caller (the server reads it from storage). */
export interface PackageMedia {
  mediaId: string;
  /** Path inside the package, e.g. `media/abc.mp3`. */
  href: string;
  contentType: string;
  bytes?: Uint8Array;
  /** What an image shows (the item's media reference's `alt`), written as the `<img>`'s alt text. */
  alt?: string;
}

export interface WriteEnv {
  version: QtiVersion;
  /** Points of the item (its maximum score). */
  points: number;
  /** The media of the item, with their package paths (relative to the item file). */
  media: PackageMedia[];
}

/** What one item type contributes to an assessmentItem; the item writer adds outcomes, title and identifiers. */
export interface QtiParts {
  declarations: XElement[];
  body: XNode[];
  /** responseProcessing's children; empty for items nobody scores automatically. */
  processing: XNode[];
  /** Outcomes beyond SCORE and MAXSCORE (FEEDBACK for per-choice feedback). */
  outcomes?: XElement[];
  /** The interaction, as QTI metadata names it (for the manifest). */
  interaction?: string;
  warnings: string[];
}

export interface ItemMapping<T extends Item = Item> {
  write(item: T, env: WriteEnv): QtiParts;
}

/** An assessmentItem being read, in QTI 2.1 spelling (QTI 3 is renamed before). */
export interface ReadContext {
  item: XElement;
  body: XElement;
  declarations: Map<string, XElement>;
  processing: XElement | undefined;
  points: number;
  warnings: string[];
}

export type ItemReader = (ctx: ReadContext) => ItemInput;
