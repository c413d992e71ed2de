/**
 * What the database keeps beside an exercise's JSON so that the library can filter and search without reading
 * it: the flattened search text, the skill and tag labels, and the media it points at.
 */
import type { Exercise } from "@languagecloud/domain";

/** Markup and markers are not words a teacher would type into a search box. */
function plain(text: string | undefined): string {
  if (!text) return "";
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/\[\[[A-Za-z0-9_-]+\]\]/g, " ")
    .replace(/[*_#`]/g, " ");
}

/** Title, instructions, passage and every item's title, prompt and category, as one text for the full-text index. */
export function searchTextOf(ex: Exercise): string {
  const parts = [ex.title, ex.instructions, ex.passage];
  for (const item of ex.items) parts.push(item.title, item.prompt, item.category);
  return parts
    .map(plain)
    .join("\n")
    .replace(/[ \t]+/g, " ")
    .trim();
}

export interface Label {
  kind: "skill" | "tag";
  value: string;
}

/** The exercise's skills, and its tags together with its items' tags (content-model.md), lowercased once each. */
export function labelsOf(ex: Exercise): Label[] {
  const tags = new Set<string>();
  for (const t of ex.tags) tags.add(t.trim().toLowerCase());
  for (const item of ex.items) for (const t of item.tags ?? []) tags.add(t.trim().toLowerCase());
  return [
    ...[...new Set(ex.skills)].map((value) => ({ kind: "skill" as const, value })),
    ...[...tags]
      .filter((value) => value.length > 0 && value.length <= 64)
      .map((value) => ({ kind: "tag" as const, value })),
  ];
}

export interface MediaReference {
  mediaId: string;
  /** Where the reference is, as a validation field path (`items.2.media.0.mediaId`). */
  field: string;
}

export function mediaReferencesOf(ex: Exercise): MediaReference[] {
  const refs: MediaReference[] = [];
  for (const [j, m] of (ex.media ?? []).entries()) refs.push({ mediaId: m.mediaId, field: `media.${j}.mediaId` });
  for (const [i, item] of ex.items.entries()) {
    for (const [j, m] of (item.media ?? []).entries()) {
      refs.push({ mediaId: m.mediaId, field: `items.${i}.media.${j}.mediaId` });
    }
  }
  return refs;
}
