/**
 * QTI content package (3.0 or 2.1, detected) → one exercise. Items are read in the manifest's order (the test's,
 * when the manifest lists none); every problem names its file and line, and nothing is imported if any item fails.
 */
import type { Exercise } from "../../content/schema.ts";
import { FormatError, type FormatIssue, finishExercise, type ItemInput, pushIssue } from "../errors.ts";
import { child, descendants, elements, localName, parseXml, textOf, type XElement, XmlError } from "../xml/tree.ts";
import { type ImportedMedia, ItemReadError, readQtiItem } from "./item-reader.ts";
import { PASSAGE_ID } from "./package-writer.ts";

/** Items get placeholder lines from here on, so their schema issues can be traced to their files. */
const ITEM_LINE = 1_000_000;

export interface ImportWarning {
  /** The item's position (1-based) in the imported exercise, when the warning is about one item. */
  item?: number;
  message: string;
}

export interface ReadResult {
  exercise: Exercise;
  warnings: ImportWarning[];
}

/** Decoded text files of a package, by path (the server unzips; media are passed as their paths only). */
export type PackageTexts = Map<string, string>;

const resolve = (base: string, href: string): string => {
  const parts = [...base.split("/").slice(0, -1), ...href.split("/")];
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
};

/** Whether a relative reference from `base` goes above the package's root. */
function escapes(base: string, href: string): boolean {
  let depth = base.split("/").length - 1;
  for (const p of href.split("/")) {
    if (p === "..") depth--;
    else if (p !== "." && p !== "") depth++;
    if (depth < 0) return true;
  }
  return false;
}

const decodePath = (href: string) => {
  const path = href.split(/[?#]/)[0] as string;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

function parseIn(files: PackageTexts, path: string, issues: FormatIssue[]): XElement | undefined {
  const text = files.get(path);
  if (text === undefined) {
    pushIssue(issues, { line: 1, message: `${path}: the package has no such file` });
    return undefined;
  }
  try {
    return parseXml(text);
  } catch (err) {
    if (err instanceof XmlError) pushIssue(issues, { ...err.issue, message: `${path}: ${err.issue.message}` });
    else throw err;
    return undefined;
  }
}

function itemPaths(
  files: PackageTexts,
  issues: FormatIssue[],
): { paths: string[]; title?: string; instructions?: string } {
  if (!files.has("imsmanifest.xml")) {
    // A bare item file (or several): read every XML file that is an item.
    return { paths: [...files.keys()].filter((p) => p.toLowerCase().endsWith(".xml")).sort() };
  }
  const manifest = parseIn(files, "imsmanifest.xml", issues);
  if (!manifest) return { paths: [] };
  if (localName(manifest.name) !== "manifest") {
    pushIssue(issues, { line: manifest.line ?? 1, message: "imsmanifest.xml: expected a <manifest> element" });
    return { paths: [] };
  }
  const general = descendants(manifest, "general")[0];
  const str = (e: XElement | undefined) => {
    const s = e ? (descendants(e, "langstring")[0] ?? descendants(e, "string")[0]) : undefined;
    return s ? textOf(s).trim() : undefined;
  };
  const top = child(manifest, "metadata");
  const topGeneral = top ? descendants(top, "general")[0] : undefined;
  const resources = descendants(manifest, "resource");
  const paths: string[] = [];
  for (const r of resources) {
    const type = r.attrs.type ?? "";
    if (!/^imsqti_(item|stimulus)_xmlv(2p[012]|3p0)$/.test(type)) continue;
    const href = r.attrs.href ?? elements(r, "file")[0]?.attrs.href;
    if (href) paths.push(resolve("imsmanifest.xml", href));
  }
  if (!paths.length) {
    const test = resources.find((r) => /^imsqti_test_xmlv/.test(r.attrs.type ?? ""));
    if (test?.attrs.href) {
      const testPath = resolve("imsmanifest.xml", test.attrs.href);
      const doc = parseIn(files, testPath, issues);
      if (doc) {
        for (const ref of [...descendants(doc, "assessmentItemRef"), ...descendants(doc, "qti-assessment-item-ref")]) {
          if (ref.attrs.href) paths.push(resolve(testPath, ref.attrs.href));
        }
      }
    }
  }
  if (!paths.length)
    pushIssue(issues, { line: manifest.line ?? 1, message: "imsmanifest.xml: no QTI item resources found" });
  void general;
  return {
    paths,
    title: str(topGeneral && child(topGeneral, "title")),
    instructions: str(topGeneral && child(topGeneral, "description")),
  };
}

/** The package's media files the importer stored, by their path in the package. */
export type PackageMediaMap = Map<string, ImportedMedia>;

export function readQtiPackage(
  files: PackageTexts,
  fallbackTitle: string,
  media: PackageMediaMap = new Map(),
): ReadResult {
  const issues: FormatIssue[] = [];
  const warnings: ImportWarning[] = [];
  const { paths, title, instructions } = itemPaths(files, issues);
  const items: ItemInput[] = [];
  const lines: number[] = [];
  const sources: { path: string; line: number }[] = [];
  const usedIds = new Set<string>();
  let passage: { prompt: string; promptFormat?: string } | undefined;
  for (const path of paths) {
    const root = parseIn(files, path, issues);
    if (!root) continue;
    const itemWarnings: string[] = [];
    try {
      // A reference that climbs out of the package (`../../x`) names nothing in it.
      const item = readQtiItem(root, itemWarnings, (src) =>
        /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith("/") || escapes(path, src)
          ? undefined
          : media.get(resolve(path, decodePath(src))),
      );
      if (
        (item as { id?: string }).id === PASSAGE_ID &&
        root.attrs.identifier === PASSAGE_ID &&
        item.type === "description"
      ) {
        passage = { prompt: item.prompt ?? "", promptFormat: item.promptFormat };
        continue;
      }
      const id = (item as { id?: string }).id;
      if (id && usedIds.has(id)) {
        // Two files with one identifier (banks merged by hand): the later item gets a new id.
        delete (item as { id?: string }).id;
        itemWarnings.push(`the identifier item-${id} is used twice; this item gets a new id`);
      } else if (id) usedIds.add(id);
      items.push(item);
      // A placeholder line per item, mapped back to its file and line below.
      lines.push(ITEM_LINE + sources.length);
      sources.push({ path, line: root.line ?? 1 });
      for (const message of itemWarnings) warnings.push({ item: items.length, message: `${path}: ${message}` });
    } catch (err) {
      if (!(err instanceof ItemReadError)) throw err;
      pushIssue(issues, { line: root.line ?? 1, message: `${path}: ${err.message}` });
    }
  }
  let exercise: Exercise;
  try {
    exercise = finishExercise(
      {
        items,
        lines,
        issues,
        exercise: {
          ...(title ? { title: title.slice(0, 255) } : {}),
          ...(instructions ? { instructions } : {}),
          ...(passage
            ? {
                passage: passage.prompt,
                ...(passage.promptFormat && passage.promptFormat !== "plain"
                  ? { passageFormat: passage.promptFormat as "markdown" | "html" }
                  : {}),
              }
            : {}),
        },
      },
      fallbackTitle,
    );
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    // Schema problems of an item name its file and the line of its root element.
    throw new FormatError(
      err.errors.map((e) => {
        const src = e.line >= ITEM_LINE ? sources[e.line - ITEM_LINE] : undefined;
        return src ? { line: src.line, message: `${src.path}: ${e.message}` } : e;
      }),
    );
  }
  return { exercise, warnings };
}
