/** The editor's working copy of an exercise: loose objects that the domain schema validates on save. */

export type Draft = Record<string, unknown>;

export interface ExerciseDraft {
  title: string;
  instructions: string;
  level: string;
  skills: string[];
  tags: string[];
  passage: string;
  transcriptAfterSubmit: boolean;
  media: { mediaId: string; kind: string }[];
  items: Draft[];
}

export const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
export const list = <T = Draft>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

export function emptyExercise(): ExerciseDraft {
  return {
    title: "",
    instructions: "",
    level: "",
    skills: [],
    tags: [],
    passage: "",
    transcriptAfterSubmit: false,
    media: [],
    items: [],
  };
}

/** The API body: empty optional strings left out. */
export function toPayload(d: ExerciseDraft): Record<string, unknown> {
  const out: Record<string, unknown> = { title: d.title, skills: d.skills, tags: d.tags, items: d.items };
  if (d.instructions.trim()) out.instructions = d.instructions;
  if (d.level) out.level = d.level;
  if (d.passage.trim()) out.passage = d.passage;
  if (d.passage.trim() && d.transcriptAfterSubmit) out.transcriptAfterSubmit = true;
  if (d.media.length) out.media = d.media;
  return out;
}

export function fromDto(dto: Record<string, unknown>): ExerciseDraft {
  return {
    title: str(dto.title),
    instructions: str(dto.instructions),
    level: str(dto.level),
    skills: list<string>(dto.skills),
    tags: list<string>(dto.tags),
    passage: str(dto.passage),
    transcriptAfterSubmit: dto.transcriptAfterSubmit === true,
    media: list<{ mediaId: string; kind: string }>(dto.media),
    items: list<Draft>(dto.items),
  };
}

/** The gap ids a prompt marks, in order: `He [[g1]] to [[g2]].` → ["g1", "g2"]. */
export function gapMarkers(prompt: string): string[] {
  return [...prompt.matchAll(/\[\[([A-Za-z0-9_-]+)\]\]/g)].map((m) => m[1] as string);
}

/**
 * Gaps follow the prompt's markers one to one, in the prompt's order: a marker the teacher typed gets a gap
 * (empty answer, full credit), a gap whose marker is gone goes, repeated markers count once.
 */
export function syncGaps(item: Draft): Draft {
  const byId = new Map(list(item.gaps).map((g) => [str(g.id), g]));
  const ids = [...new Set(gapMarkers(str(item.prompt)))];
  return { ...item, gaps: ids.map((id) => byId.get(id) ?? { id, answers: [{ text: "", fraction: 1 }] }) };
}

/** A validation issue path from the API or zod: ["items", 2, "options"] → "items.2.options". */
export function pathKey(path: unknown): string {
  return Array.isArray(path) ? path.join(".") : str(path);
}
