/**
 * Exported QTI 3.0 items load in a QTI player we did not write — @citolab/qti-components (npm, GPL, a test-only
 * dependency) — in Chromium, and the same exact responses score the same there as in our grader. A small page is
 * served from this test; the player's web components come from node_modules.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Exercise, grade, type Item, writeQtiPackage } from "@languagecloud/domain";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTypes } from "../domain/src/formats/__fixtures__/all-types.ts";
import { hasChromium, launch } from "./support/browser.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PLAYER = join(ROOT, "node_modules/@citolab/qti-components/cdn/index.js");
const required = process.env.REQUIRE_SERVICES === "1";

/** A response in our shape, and the same response as the player's variable value (identifiers, pairs). */
interface Case {
  itemId: string;
  ours: object;
  qti: Record<string, string | string[]>;
}

/** Exact responses: each fully right, or fully wrong (partial credit differs by design, see docs/formats/qti.md). */
const CASES: Case[] = [
  { itemId: "mc1", ours: { selected: ["a"] }, qti: { RESPONSE: "a" } },
  { itemId: "mc1", ours: { selected: ["b"] }, qti: { RESPONSE: "b" } },
  { itemId: "mc2", ours: { selected: ["a", "b"] }, qti: { RESPONSE: ["a", "b"] } },
  { itemId: "mc2", ours: { selected: ["c"] }, qti: { RESPONSE: ["c"] } },
  { itemId: "tf1", ours: { value: true }, qti: { RESPONSE: "true" } },
  { itemId: "tf1", ours: { value: false }, qti: { RESPONSE: "false" } },
  { itemId: "sa1", ours: { text: "went" }, qti: { RESPONSE: "went" } },
  { itemId: "sa1", ours: { text: "gone" }, qti: { RESPONSE: "gone" } },
  { itemId: "num1", ours: { value: 7 }, qti: { RESPONSE: "7" } },
  { itemId: "num1", ours: { value: 3 }, qti: { RESPONSE: "3" } },
  { itemId: "gap1", ours: { gaps: { g1: "goes", g2: "plays" } }, qti: { g1: "goes", g2: "plays" } },
  { itemId: "gap1", ours: { gaps: { g1: "go", g2: "play" } }, qti: { g1: "go", g2: "play" } },
  { itemId: "gap2", ours: { gaps: { g1: "am", g2: "are" } }, qti: { g1: "c1", g2: "c3" } },
  { itemId: "gap2", ours: { gaps: { g1: "is", g2: "am" } }, qti: { g1: "c2", g2: "c1" } },
  { itemId: "gap3", ours: { gaps: { g1: "on", g2: "by" } }, qti: { RESPONSE: ["word-1 g1", "word-2 g2"] } },
  { itemId: "gap3", ours: { gaps: { g1: "under", g2: "on" } }, qti: { RESPONSE: ["word-3 g1", "word-1 g2"] } },
  {
    itemId: "match1",
    ours: { matches: { France: "Paris", Italy: "Rome", Spain: "Madrid" } },
    qti: { RESPONSE: ["L1 R1", "L2 R2", "L3 R3"] },
  },
  {
    itemId: "match1",
    ours: { matches: { France: "Berlin", Italy: "Paris", Spain: "Rome" } },
    qti: { RESPONSE: ["L1 R4", "L2 R1", "L3 R2"] },
  },
  {
    itemId: "order1",
    ours: { sequence: ["she", "has", "never", "been", "there"] },
    qti: { RESPONSE: ["U1", "U2", "U3", "U4", "U5"] },
  },
  {
    itemId: "order1",
    ours: { sequence: ["never", "has", "she", "been", "there"] },
    qti: { RESPONSE: ["U3", "U2", "U1", "U4", "U5"] },
  },
  { itemId: "mark1", ours: { marked: [1, 5] }, qti: { RESPONSE: ["t1", "t5"] } },
  { itemId: "mark1", ours: { marked: [0, 2] }, qti: { RESPONSE: ["t0", "t2"] } },
];

type ScoreIn = (xml: string, responses: object) => Promise<{ score: number | null; interactions: number }>;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>QTI player</title></head>
<body><main id="stage"></main>
<script type="module">
  import * as qti from "/player.js";
  window.scoreIn = async (xml, responses) => {
    const stage = document.getElementById("stage");
    stage.innerHTML = qti.qtiTransformItem().parse(xml).html();
    const item = stage.querySelector("qti-assessment-item");
    await customElements.whenDefined("qti-assessment-item");
    await item.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    for (const [id, value] of Object.entries(responses)) item.updateResponseVariable(id, value);
    item.processResponse();
    const score = item.getOutcome("SCORE");
    return { score: score ? Number(score.value) : null, interactions: stage.querySelectorAll("[response-identifier]").length };
  };
  window.ready = true;
</script></body></html>`;

describe.skipIf(!hasChromium && !required)("QTI 3 items in @citolab/qti-components", () => {
  let browser: Browser;
  let page: Page;
  let server: Server;
  let items: Map<string, string>;

  beforeAll(async () => {
    const pkg = writeQtiPackage(allTypes as Exercise, "3.0");
    items = new Map(
      pkg.files.filter((f) => f.path.startsWith("items/")).map((f) => [f.path.slice(6, -4), String(f.data)]),
    );
    const player = readFileSync(PLAYER);
    server = createServer((req, res) => {
      if (req.url === "/player.js") res.writeHead(200, { "content-type": "text/javascript" }).end(player);
      else if (req.url === "/") res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    browser = await launch();
    page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, undefined, {
      timeout: 30_000,
    });
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it("every exported item loads with its interactions", async () => {
    for (const item of allTypes.items) {
      if (item.type === "description") continue;
      const xml = items.get(`item-${item.id}`) as string;
      const result = await page.evaluate(([x]) => (window as never as { scoreIn: ScoreIn }).scoreIn(x, {}), [
        xml,
      ] as const);
      expect(result.interactions, item.id).toBeGreaterThan(0);
    }
  });

  it.each(CASES.map((c, i) => [`${c.itemId} #${i}`, c] as const))("%s scores as our grader does", async (_name, c) => {
    const item = allTypes.items.find((i) => i.id === c.itemId) as Item;
    const xml = items.get(`item-${c.itemId}`) as string;
    const ours = grade(item, c.ours as never).score;
    const theirs = await page.evaluate(([x, r]) => (window as never as { scoreIn: ScoreIn }).scoreIn(x, r), [
      xml,
      c.qti,
    ] as const);
    expect(theirs.score).toBeCloseTo(ours, 6);
  });
});
