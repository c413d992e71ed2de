/**
 * Exercise → QTI 3.0 or 2.1 content package: `imsmanifest.xml`, one file per item under `items/`, an assessment
 * test, and the media files. What QTI cannot express is listed, per item, in a comment at the top of the manifest
 * (as the GIFT export lists what it skips) and returned to the caller.
 */
import type { Exercise } from "../../content/schema.ts";
import { el, escapeText, serialize, type XElement } from "../xml/tree.ts";
import { itemIdentifier, writeQtiItem } from "./item-writer.ts";
import { QTI_NS, QTI_XSD, type QtiVersion, toQti3 } from "./names.ts";
import type { PackageMedia } from "./types.ts";

export interface PackageFile {
  path: string;
  data: string | Uint8Array;
}

export interface ExportWarning {
  /** The item's id, or undefined for the exercise as a whole. */
  itemId?: string;
  message: string;
}

export interface WrittenPackage {
  files: PackageFile[];
  warnings: ExportWarning[];
}

/** How the package finds a media file: the caller (the server) knows content types and bytes. */
export type MediaLookup = (
  mediaId: string,
) => { contentType: string; extension: string; bytes?: Uint8Array } | undefined;

const MANIFEST_NS: Record<QtiVersion, string> = {
  "3.0": "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1",
  "2.1": "http://www.imsglobal.org/xsd/imscp_v1p1",
};
const TYPES: Record<QtiVersion, { item: string; test: string; stimulus: string }> = {
  "3.0": { item: "imsqti_item_xmlv3p0", test: "imsqti_test_xmlv3p0", stimulus: "imsqti_stimulus_xmlv3p0" },
  "2.1": { item: "imsqti_item_xmlv2p1", test: "imsqti_test_xmlv2p1", stimulus: "imsqti_item_xmlv2p1" },
};

/** The passage travels as a description-like resource with this identifier (item identifiers start with `item-`). */
export const PASSAGE_ID = "passage";

function lom(version: QtiVersion, title: string, description?: string): XElement {
  if (version === "2.1") {
    const ls = (s: string) => el("imsmd:langstring", { "xml:lang": "en" }, s);
    return el(
      "imsmd:lom",
      {},
      el(
        "imsmd:general",
        {},
        el("imsmd:title", {}, ls(title)),
        description ? el("imsmd:description", {}, ls(description)) : undefined,
      ),
    );
  }
  const ls = (s: string) => el("string", { language: "en" }, s);
  return el(
    "lom",
    { xmlns: "http://ltsc.ieee.org/xsd/LOM" },
    el("general", {}, el("title", {}, ls(title)), description ? el("description", {}, ls(description)) : undefined),
  );
}

export function writeQtiPackage(
  exercise: Exercise,
  version: QtiVersion,
  lookup: MediaLookup = () => undefined,
): WrittenPackage {
  const files: PackageFile[] = [];
  const warnings: ExportWarning[] = [];
  const resources: XElement[] = [];
  const mediaResources = new Map<string, XElement>();
  const refs: XElement[] = [];

  const mediaFor = (refs: { mediaId: string; alt?: string }[], itemId: string | undefined): PackageMedia[] =>
    refs.flatMap(({ mediaId, alt }) => {
      const found = lookup(mediaId);
      if (!found) {
        warnings.push({ itemId, message: `media file ${mediaId} could not be read and is left out` });
        return [];
      }
      const path = `media/${mediaId}${found.extension}`;
      if (!mediaResources.has(mediaId)) {
        if (found.bytes) files.push({ path, data: found.bytes });
        mediaResources.set(
          mediaId,
          el(
            "resource",
            { identifier: `media-${mediaId}`, type: "webcontent", href: path },
            el("file", { href: path }),
          ),
        );
      }
      return [{ mediaId, href: `../${path}`, contentType: found.contentType, ...(alt ? { alt } : {}) }];
    });

  if (exercise.level || exercise.skills.length || exercise.tags.length) {
    warnings.push({ message: "the exercise's level, skills and tags are not exported" });
  }
  if (exercise.media?.length) warnings.push({ message: "the exercise's own media files are not exported" });

  const all = [
    ...(exercise.passage
      ? [
          {
            item: {
              id: PASSAGE_ID,
              type: "description" as const,
              prompt: exercise.passage,
              promptFormat: exercise.passageFormat ?? ("plain" as const),
              points: 0,
            },
            passage: true,
          },
        ]
      : []),
    ...exercise.items.map((item) => ({ item, passage: false })),
  ];
  let index = 0;
  for (const { item, passage } of all) {
    const media = mediaFor(item.media ?? [], passage ? undefined : item.id);
    const written = writeQtiItem(item, passage ? 0 : index++, version, media);
    const identifier = passage ? PASSAGE_ID : written.identifier;
    const href = `items/${identifier}.xml`;
    files.push({
      path: href,
      data: passage
        ? written.xml.replace(`identifier="item-${PASSAGE_ID}"`, `identifier="${PASSAGE_ID}"`)
        : written.xml,
    });
    if (!passage) for (const message of written.warnings) warnings.push({ itemId: item.id, message });
    const type = written.kind === "stimulus" ? TYPES[version].stimulus : TYPES[version].item;
    const metadata =
      version === "2.1"
        ? el(
            "metadata",
            {},
            lom(version, item.title ?? identifier),
            el(
              "imsqti:qtiMetadata",
              {},
              el("imsqti:timeDependent", {}, "false"),
              written.interaction ? el("imsqti:interactionType", {}, written.interaction) : undefined,
            ),
          )
        : undefined;
    resources.push(
      el(
        "resource",
        { identifier, type, href },
        metadata,
        el("file", { href }),
        ...media.map((m) => el("dependency", { identifierref: `media-${m.mediaId}` })),
      ),
    );
    if (written.kind === "item" && !passage)
      refs.push(el("assessmentItemRef", { identifier: written.identifier, href }));
  }

  const test = el(
    "assessmentTest",
    {
      xmlns: QTI_NS[version],
      "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
      "xsi:schemaLocation": `${QTI_NS[version]} ${QTI_XSD[version]}`,
      identifier: "test",
      title: exercise.title,
    },
    el(
      "testPart",
      { identifier: "part-1", navigationMode: "nonlinear", submissionMode: "simultaneous" },
      el("assessmentSection", { identifier: "section-1", title: exercise.title, visible: "true" }, ...refs),
    ),
  );
  files.push({
    path: "assessment.xml",
    data: serialize(test, { rename: version === "3.0" ? toQti3 : undefined, indent: true }),
  });

  const manifest = el(
    "manifest",
    {
      xmlns: MANIFEST_NS[version],
      ...(version === "2.1"
        ? {
            "xmlns:imsmd": "http://www.imsglobal.org/xsd/imsmd_v1p2",
            "xmlns:imsqti": "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1",
          }
        : {}),
      identifier: "manifest",
    },
    el(
      "metadata",
      {},
      el("schema", {}, version === "2.1" ? "QTIv2.1 Package" : "QTI Package"),
      el("schemaversion", {}, version === "2.1" ? "1.0.0" : "3.0.0"),
      lom(version, exercise.title, exercise.instructions),
    ),
    el("organizations"),
    el(
      "resources",
      {},
      el(
        "resource",
        { identifier: "test", type: TYPES[version].test, href: "assessment.xml" },
        el("file", { href: "assessment.xml" }),
        ...refs.map((r) => el("dependency", { identifierref: r.attrs.identifier })),
      ),
      ...resources,
      ...mediaResources.values(),
    ),
  );
  const head = warnings.length
    ? `<!--\n  Not expressed in QTI ${version} (Language Cloud export):\n${warnings
        .map((w) => `  ${w.itemId ? `item-${w.itemId}` : "exercise"}: ${w.message}`)
        .map((l) => escapeText(l).replace(/--/g, "- -"))
        .join("\n")}\n-->\n`
    : "";
  const body = serialize(manifest, { indent: true });
  files.unshift({ path: "imsmanifest.xml", data: body.replace("?>\n", `?>\n${head}`) });
  return { files, warnings };
}

export { itemIdentifier, QTI_NS };
