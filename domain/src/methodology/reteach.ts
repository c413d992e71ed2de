/**
 * "What to reteach" (methodology.md §4): the error categories most students of a class still make, per skill,
 * recent answers weighing more (half-life two weeks), and whether each is rising or falling over the last two
 * weeks. Pure: the server passes the class's graded answers.
 */

export interface ReteachAnswer {
  student: string;
  studentName: string;
  /** Submission time, ms. */
  at: number;
  skill: string | null;
  /** Error categories grading found in this answer ([] for a right answer). */
  categories: readonly string[];
  /** What the student wrote, for the examples. */
  text?: string | null;
  item: { exerciseId: string; version: number; item: string };
}

export interface ReteachEntry {
  skill: string | null;
  category: string;
  /** Students who made this mistake in one of their last three answers on the skill. */
  students: { count: number; names: string[] };
  /** Recency-weighted share of the skill's answers with this mistake. */
  share: number;
  /** This week against the week before; null with fewer than 3 answers in either. */
  trend: "rising" | "falling" | "steady" | null;
  examples: string[];
  items: { exerciseId: string; version: number; item: string }[];
}

const DAY = 86_400_000;
const HALF_LIFE_DAYS = 14;
const LAST_ANSWERS = 3;

export function reteachList(answers: readonly ReteachAnswer[], now: number): ReteachEntry[] {
  const weight = (a: ReteachAnswer) => 0.5 ** (Math.max(0, now - a.at) / DAY / HALF_LIFE_DAYS);
  const skillKey = (s: string | null) => s ?? "";
  const total = new Map<string, number>();
  const weeks = new Map<string, [number, number]>(); // answers this week, the week before
  const recent = new Map<string, ReteachAnswer[]>(); // per student and skill, newest last
  for (const a of [...answers].sort((x, y) => x.at - y.at)) {
    const s = skillKey(a.skill);
    total.set(s, (total.get(s) ?? 0) + weight(a));
    const w = weeks.get(s) ?? [0, 0];
    if (now - a.at <= 7 * DAY) w[0]++;
    else if (now - a.at <= 14 * DAY) w[1]++;
    weeks.set(s, w);
    const k = `${a.student}\u0000${s}`;
    const list = recent.get(k) ?? [];
    list.push(a);
    if (list.length > LAST_ANSWERS) list.shift();
    recent.set(k, list);
  }
  const groups = new Map<
    string,
    {
      skill: string | null;
      category: string;
      w: number;
      thisWeek: number;
      weekBefore: number;
      examples: Set<string>;
      items: Map<string, ReteachAnswer["item"]>;
    }
  >();
  for (const a of answers)
    for (const category of new Set(a.categories)) {
      const key = `${skillKey(a.skill)}\u0000${category}`;
      let g = groups.get(key);
      if (!g) {
        g = { skill: a.skill, category, w: 0, thisWeek: 0, weekBefore: 0, examples: new Set(), items: new Map() };
        groups.set(key, g);
      }
      g.w += weight(a);
      if (now - a.at <= 7 * DAY) g.thisWeek++;
      else if (now - a.at <= 14 * DAY) g.weekBefore++;
      if (a.text && g.examples.size < 3) g.examples.add(a.text);
      g.items.set(`${a.item.exerciseId}/${a.item.version}/${a.item.item}`, a.item);
    }
  const out: ReteachEntry[] = [];
  for (const g of groups.values()) {
    const s = skillKey(g.skill);
    const names: string[] = [];
    for (const [k, list] of recent)
      if (k.endsWith(`\u0000${s}`) && list.some((a) => a.categories.includes(g.category)))
        names.push(list[0]!.studentName);
    if (!names.length) continue; // nobody makes it any more
    const [n1, n0] = weeks.get(s) ?? [0, 0];
    let trend: ReteachEntry["trend"] = null;
    if (n1 >= 3 && n0 >= 3) {
      const d = g.thisWeek / n1 - g.weekBefore / n0;
      trend = d > 0.05 ? "rising" : d < -0.05 ? "falling" : "steady";
    }
    out.push({
      skill: g.skill,
      category: g.category,
      students: { count: names.length, names: names.sort() },
      share: g.w / (total.get(s) || 1),
      trend,
      examples: [...g.examples],
      items: [...g.items.values()].slice(0, 5),
    });
  }
  return out.sort((a, b) => b.students.count - a.students.count || b.share - a.share);
}
