/**
 * The suite's result: one row per figure (the phase, what was measured, its value, the promise it is held to and
 * whether it held), printed as a table at the end, then the closing "N passed, N failed" line.
 */

export interface Figure {
  phase: string;
  figure: string;
  value: string;
  promise: string;
  pass: boolean | null;
}

export class Figures {
  readonly rows: Figure[] = [];
  /** A figure held to a promise. */
  check(phase: string, figure: string, value: number | string, promise: string, pass: boolean): boolean {
    this.rows.push({ phase, figure, value: String(value), promise, pass });
    return pass;
  }
  /** A figure reported without a promise (load, timings). */
  note(phase: string, figure: string, value: number | string): void {
    this.rows.push({ phase, figure, value: String(value), promise: "", pass: null });
  }
  get failed(): Figure[] {
    return this.rows.filter((r) => r.pass === false);
  }
  get passed(): number {
    return this.rows.filter((r) => r.pass === true).length;
  }
  table(): string {
    const head: Figure = { phase: "phase", figure: "figure", value: "value", promise: "promise", pass: null };
    const cells = (r: Figure) => [r.phase, r.figure, r.value, r.promise, r === head ? "" : mark(r.pass)];
    const all = [head, ...this.rows].map(cells);
    const widths = [0, 1, 2, 3, 4].map((k) => Math.max(...all.map((c) => (c[k] as string).length)));
    const line = (c: string[]) => `| ${c.map((x, k) => x.padEnd(widths[k] as number)).join(" | ")} |`;
    const sep = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
    return [line(all[0] as string[]), sep, ...all.slice(1).map(line)].join("\n");
  }
}

function mark(pass: boolean | null): string {
  return pass === null ? "" : pass ? "ok" : "FAILED";
}
