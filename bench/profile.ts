/**
 * `node --import tsx bench/profile.ts <file.cpuprofile> [top]`: self time per function (and per package) of a
 * profile written with BENCH_PROFILE=<dir>, the heaviest first.
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const file = process.argv[2];
if (!file) {
  console.error("usage: bench/profile.ts <file.cpuprofile> [top]");
  process.exit(2);
}
const top = Number(process.argv[3] ?? 30);
const profile = JSON.parse(readFileSync(file, "utf8")) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
for (let k = 0; k < profile.samples.length; k++) {
  const id = profile.samples[k]!;
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.includes("/server/src/")) return `server/${url.split("/server/src/")[1]}`;
  if (url.includes("/domain/src/")) return `domain/${url.split("/domain/src/")[1]}`;
  if (url.startsWith("node:")) return url;
  return url ? url.split("/").slice(-2).join("/") : "(native)";
};
const fns = new Map<string, number>();
const pkgs = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const w = where(n.callFrame.url);
  const key = `${n.callFrame.functionName || "(anonymous)"}  ${w}:${n.callFrame.lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  const pkg = n.callFrame.url ? w.split(/[/:]/)[0]! : n.callFrame.functionName;
  pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
}
const show = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
    .join("\n");
// Where the heaviest function's time comes from: the nearest caller in our own code (server/, domain/, bench/).
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const heaviest = [...fns].sort((a, b) => b[1] - a[1]).find(([k]) => !k.startsWith("("));
const callers = new Map<string, number>();
if (heaviest) {
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || "(anonymous)"}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    if (key !== heaviest[0]) continue;
    let p = parent.get(id);
    const chain: string[] = [];
    while (p !== undefined && chain.length < 3) {
      const f = byId.get(p)!.callFrame;
      if (/\/(server|domain|bench)\/src\/|\/bench\//.test(f.url))
        chain.push(`${f.functionName || "(anonymous)"} ${where(f.url)}`);
      p = parent.get(p);
    }
    const c = chain.join(" < ") || "(no caller of ours)";
    callers.set(c, (callers.get(c) ?? 0) + us);
  }
}
console.log(
  `total ${(total / 1000).toFixed(0)} ms sampled\n\nby package:\n${show(pkgs, 15)}\n\nby function:\n${show(fns, top)}`,
);
if (heaviest) console.log(`\ncallers of ${heaviest[0]}:\n${show(callers, 15)}`);
