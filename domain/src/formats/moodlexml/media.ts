/**
 * Media in Moodle XML (docs.moodle.org, "Moodle XML format", embedded files): a text's files travel inside its
 * holder as `<file name="…" path="/" encoding="base64">`, and the text refers to them as `@@PLUGINFILE@@/<name>`.
 * Our export puts each item's media in the question text: the files, and a reference Moodle shows before the
 * prompt (an HTML `<p class="lc-media">` per file, or a markdown image line); the reader takes both out again, so
 * the prompt reads back as it was. Files elsewhere (answers, feedback) are not imported.
 */
import type { z } from "zod";
import type { mediaRefSchema } from "../../content/schema.ts";
import type { ImportedMedia } from "../qti/item-reader.ts";
import { el, elements, type XElement } from "../xml/tree.ts";

type MediaRef = z.infer<typeof mediaRefSchema>;

export const PLUGINFILE = "@@PLUGINFILE@@/";

/** A media file for the export, as the caller (the server) read it. */
export type MoodleMediaLookup = (
  mediaId: string,
) => { contentType: string; extension: string; bytes?: Uint8Array } | undefined;

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

export interface WrittenMedia {
  files: XElement[];
  /** The text with the references before it. */
  text: string;
  warnings: string[];
}

export function writeMedia(
  refs: MediaRef[],
  prompt: string,
  format: "plain" | "markdown" | "html",
  lookup: MoodleMediaLookup | undefined,
): WrittenMedia {
  const files: XElement[] = [];
  const html: string[] = [];
  const markdown: string[] = [];
  const warnings: string[] = [];
  for (const ref of refs) {
    const found = lookup?.(ref.mediaId);
    if (!found?.bytes) {
      warnings.push(`media file ${ref.mediaId} is not exported`);
      continue;
    }
    const name = `${ref.mediaId}${found.extension}`;
    files.push(el("file", { name, path: "/", encoding: "base64" }, toBase64(found.bytes)));
    const url = `${PLUGINFILE}${encodeURIComponent(name)}`;
    const image = found.contentType.startsWith("image/");
    html.push(
      image
        ? `<p class="lc-media"><img src="${url}" alt="${escapeAttr(ref.alt ?? "")}"></p>`
        : `<p class="lc-media"><a href="${url}">${escapeAttr(name)}</a></p>`,
    );
    markdown.push(image ? `![${(ref.alt ?? "").replace(/[[\]\n]/g, " ")}](${url})` : `[${name}](${url})`);
  }
  if (files.length && format === "plain")
    warnings.push("Moodle shows the media files of a plain-text question only as attachments (no reference)");
  const text =
    !files.length || format === "plain"
      ? prompt
      : format === "html"
        ? `${html.join("")}${prompt}`
        : `${markdown.join("\n")}\n\n${prompt}`;
  return { files, text, warnings };
}

/** The files of a question text, with the key the importer stores them under (question position and name). */
export function filesOf(
  questionText: XElement | undefined,
  position: number,
): { key: string; name: string; data: string }[] {
  if (!questionText) return [];
  return elements(questionText, "file").map((f) => ({
    key: `${position}/${f.attrs.name ?? ""}`,
    name: f.attrs.name ?? "",
    data: f.children.filter((c): c is string => typeof c === "string").join(""),
  }));
}

/** Takes the references to a question's files out of its text and gives back the item's media. */
export function readMedia(
  text: string,
  format: "plain" | "markdown" | "html",
  files: { key: string; name: string }[],
  media: Map<string, ImportedMedia>,
  warnings: string[],
): { text: string; media: MediaRef[] } {
  const alts = new Map<string, string>();
  let out = text;
  const nameOf = (url: string) => {
    try {
      return decodeURIComponent(url.slice(PLUGINFILE.length).split(/[?#]/)[0] as string);
    } catch {
      return url.slice(PLUGINFILE.length);
    }
  };
  if (format === "html") {
    out = out.replace(/<p class="lc-media">([\s\S]*?)<\/p>/g, (_m, inner: string) => {
      const src = /(?:src|href)="(@@PLUGINFILE@@\/[^"]*)"/.exec(inner)?.[1];
      const alt = /alt="([^"]*)"/.exec(inner)?.[1];
      if (src && alt)
        alts.set(
          nameOf(src),
          alt
            .replace(/&quot;/g, '"')
            .replace(/&lt;/g, "<")
            .replace(/&amp;/g, "&"),
        );
      return "";
    });
    // Other systems' references: images and players go (our player shows the media); a link keeps its words.
    out = out
      .replace(/<img\b[^>]*src="(@@PLUGINFILE@@\/[^"]*)"[^>]*>/g, (m, src: string) => {
        const alt = /alt="([^"]*)"/.exec(m)?.[1];
        if (alt) alts.set(nameOf(src), alt);
        return "";
      })
      .replace(/<(audio|video)\b[^>]*>[\s\S]*?<\/\1>/g, (m) => (m.includes(PLUGINFILE) ? "" : m));
  } else if (format === "markdown") {
    const lines = out.split("\n");
    let k = 0;
    while (k < lines.length && /^!?\[[^\]]*\]\(@@PLUGINFILE@@\/[^)]*\)$/.test(lines[k] as string)) {
      const m = /^!\[([^\]]*)\]\((@@PLUGINFILE@@\/[^)]*)\)$/.exec(lines[k] as string);
      if (m?.[1]) alts.set(nameOf(m[2] as string), m[1]);
      k++;
    }
    if (k > 0 && lines[k] === "") out = lines.slice(k + 1).join("\n");
  }
  const refs: MediaRef[] = [];
  for (const f of files) {
    const stored = media.get(f.key);
    if (!stored) {
      warnings.push(`the embedded file ${f.name} is not an accepted audio, image, video or PDF file; left out`);
      continue;
    }
    const alt = stored.kind === "image" ? alts.get(f.name)?.trim() : undefined;
    refs.push({ mediaId: stored.mediaId, kind: stored.kind, ...(alt ? { alt: alt.slice(0, 1000) } : {}) });
  }
  return { text: out, media: refs.slice(0, 20) };
}
