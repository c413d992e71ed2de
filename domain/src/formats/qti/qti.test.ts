/**
 * QTI 3.0 and 2.1: export → import → export is stable over generated exercises of every item type, exports of
 * every item type validate against 1EdTech's QTI 2.1 and content-packaging XSDs (shared/standards/qti21, with
 * xmllint), packages written by others (1EdTech's template style) import, and hostile XML is refused.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExercise } from "../../content/schema.ts";
import { grade } from "../../grading/grade.ts";
import { allTypes } from "../__fixtures__/all-types.ts";
import { anyItem, exerciseOf } from "../__fixtures__/generated.ts";
import { FormatError } from "../errors.ts";
import { readExerciseReport } from "../index.ts";
import { parseXml } from "../xml/tree.ts";
import type { QtiVersion } from "./names.ts";
import { readQtiPackage } from "./package-reader.ts";
import { type PackageFile, writeQtiPackage } from "./package-writer.ts";

/**
 * 1EdTech's schemas: QTI_STANDARDS_DIR when set, else shared/standards/qti21 beside the repository or any folder
 * above it (worktrees sit deeper), else the machine's /work/shared (a clone elsewhere, as CI makes).
 */
function standardsDir(): string {
  const found = (d: string) => existsSync(join(d, "imsqti_v2p1.xsd"));
  const fromEnv = process.env.QTI_STANDARDS_DIR;
  if (fromEnv && found(fromEnv)) return fromEnv;
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, "shared/standards/qti21");
    if (found(candidate)) return candidate;
  }
  return "/work/shared/standards/qti21";
}
const STANDARDS = standardsDir();
const texts = (files: PackageFile[]) => new Map(files.map((f) => [f.path, String(f.data)]));
const VERSIONS: QtiVersion[] = ["3.0", "2.1"];

/** An exercise whose items carry an image (with alt text) and a recording, and a lookup that has their bytes. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const MP3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
const withMedia = parseExercise({
  ...allTypes,
  items: allTypes.items.map((item, i) =>
    i === 0
      ? { ...item, media: [{ mediaId: "m-img", kind: "image", alt: "A cat on a mat" }] }
      : i === 3
        ? {
            ...item,
            media: [
              { mediaId: "m-audio", kind: "audio" },
              { mediaId: "m-img", kind: "image", alt: "The same cat" },
            ],
          }
        : item,
  ),
});
const mediaLookup = (id: string) =>
  id === "m-img"
    ? { contentType: "image/png", extension: ".png", bytes: PNG }
    : id === "m-audio"
      ? { contentType: "audio/mpeg", extension: ".mp3", bytes: MP3 }
      : undefined;
/** What the importer does with the package's media files: each stored under a new id (here: derived from the path). */
const storedMedia = (files: PackageFile[]) =>
  new Map(
    files
      .filter((f) => f.path.startsWith("media/"))
      .map((f) => [
        f.path,
        {
          mediaId: f.path.replace(/^media\/|\.[a-z0-9]+$/g, ""),
          kind: f.path.endsWith(".mp3") ? "audio" : "image",
        } as const,
      ]),
  );

describe("QTI round trip", () => {
  for (const v of VERSIONS) {
    it(`QTI ${v}: export → import → export gives the same package, and the items read back`, () => {
      fc.assert(
        fc.property(fc.array(anyItem, { minLength: 1, maxLength: 6 }), (items) => {
          const original = parseExercise(exerciseOf(items));
          const first = writeQtiPackage(original, v);
          const back = readQtiPackage(texts(first.files), "fallback").exercise;
          const second = writeQtiPackage(back, v);
          expect(second.files.map((f) => f.path)).toEqual(first.files.map((f) => f.path));
          for (const [i, f] of first.files.entries()) expect(second.files[i]?.data, f.path).toBe(f.data);
          // What the generator makes is all expressible: the items themselves come back.
          expect(back.items).toEqual(original.items);
        }),
        { numRuns: 60 },
      );
    });
  }

  for (const v of VERSIONS) {
    it(`QTI ${v}: the items' media travel as files of the package and come back as the items' media, alt text kept`, () => {
      const first = writeQtiPackage(withMedia, v, mediaLookup);
      const paths = first.files.map((f) => f.path);
      expect(paths).toContain("media/m-img.png");
      expect(paths).toContain("media/m-audio.mp3");
      expect(first.files.find((f) => f.path === "media/m-img.png")?.data).toEqual(PNG);
      const manifest = String(first.files.find((f) => f.path === "imsmanifest.xml")?.data);
      expect(manifest).toContain('<file href="media/m-audio.mp3"/>');
      const item = String(first.files.find((f) => f.path === `items/item-${withMedia.items[0]?.id}.xml`)?.data);
      expect(item).toContain('<img src="../media/m-img.png" alt="A cat on a mat"/>');

      const back = readQtiPackage(texts(first.files), "x", storedMedia(first.files));
      expect(back.warnings).toEqual([]);
      expect(back.exercise.items.map((i) => i.media)).toEqual(withMedia.items.map((i) => i.media));
      expect(back.exercise.items.map((i) => i.prompt)).toEqual(withMedia.items.map((i) => i.prompt));
      // What the first trip lost (the rubric, feedback QTI has no place for) is gone; from then on it is stable.
      const second = writeQtiPackage(back.exercise, v, mediaLookup);
      const again = readQtiPackage(texts(second.files), "x", storedMedia(second.files)).exercise;
      expect(again.items.map((i) => i.media)).toEqual(withMedia.items.map((i) => i.media));
      const third = writeQtiPackage(again, v, mediaLookup);
      expect(third.files.map((f) => f.path)).toEqual(second.files.map((f) => f.path));
      for (const [i, f] of second.files.entries()) expect(third.files[i]?.data, f.path).toEqual(f.data);
    });
  }

  it("a package's media the importer did not store, or references out of the package, are left out and named", () => {
    const pkg = writeQtiPackage(withMedia, "3.0", mediaLookup);
    const files = texts(pkg.files);
    const path = `items/item-${withMedia.items[0]?.id}.xml`;
    files.set(path, String(files.get(path)).replace("../media/m-img.png", "../../../etc/m-img.png"));
    const back = readQtiPackage(files, "x", new Map([["media/m-audio.mp3", { mediaId: "a1", kind: "audio" }]]));
    expect(back.exercise.items[0]?.media).toBeUndefined();
    expect(back.exercise.items[3]?.media).toEqual([{ mediaId: "a1", kind: "audio" }]);
    expect(back.warnings.map((w) => [w.item, w.message])).toEqual([
      [1, expect.stringMatching(/\.\.\/\.\.\/\.\.\/etc\/m-img\.png is not in the package/)],
      [4, expect.stringMatching(/\.\.\/media\/m-img\.png is not in the package/)],
    ]);
  });

  it("keeps title, instructions and passage; lists what it loses per item in the manifest", () => {
    const ex = parseExercise({ ...allTypes, passage: "Read this first." });
    const pkg = writeQtiPackage(ex, "2.1");
    const manifest = String(pkg.files.find((f) => f.path === "imsmanifest.xml")?.data);
    expect(manifest).toContain("item-essay1: the rubric is lost");
    expect(manifest).toContain("item-order1: partial credit for units in the right relative order is lost");
    expect(manifest).not.toContain("item-mc1:");
    expect(pkg.warnings.some((w) => w.itemId === "sa1" && /English-aware/.test(w.message))).toBe(true);
    const back = readQtiPackage(texts(pkg.files), "x").exercise;
    expect(back.title).toBe("Every item type");
    expect(back.instructions).toBe("Answer every question.");
    expect(back.passage).toBe("Read this first.");
    expect(back.items.map((i) => i.type)).toEqual(ex.items.map((i) => i.type));
    // Choice feedback travels as feedbackInline, shown when the FEEDBACK outcome holds the choice.
    const mc = back.items.find((i) => i.id === "mc1");
    expect(mc?.type === "multiple_choice" && mc.options[0]?.feedback).toBe("Yes: good at.");
  });

  it("the same exact responses grade the same before and after the trip (scores carried by the mappings)", () => {
    const back = readQtiPackage(texts(writeQtiPackage(allTypes, "3.0").files), "x").exercise;
    const responses: Record<string, object> = {
      mc1: { selected: ["a"] },
      mc2: { selected: ["a", "c"] },
      tf1: { value: false },
      sa1: { text: "goed" },
      num1: { value: 7.9 },
      gap1: { gaps: { g1: "goes", g2: "played" } },
      gap2: { gaps: { g1: "am", g2: "is" } },
      gap3: { gaps: { g1: "on", g2: "under" } },
      match1: { matches: { France: "Paris", Italy: "Madrid", Spain: "Madrid" } },
      order1: { sequence: ["never", "has", "she", "been", "there"] },
      mark1: { marked: [1, 2, 5] },
    };
    for (const item of allTypes.items) {
      const r = responses[item.id as string];
      if (!r) continue;
      const after = back.items.find((i) => i.id === item.id);
      expect(after && grade(after, r).score, item.id).toBe(grade(item, r).score);
    }
  });
});

const xmllint = spawnSync("xmllint", ["--version"]).status === 0;
const requireTools = process.env.REQUIRE_SERVICES === "1";

describe.skipIf(!xmllint && !requireTools)("QTI 2.1 against the 1EdTech XSDs (xmllint)", () => {
  if (!xmllint) console.log("skipped: xmllint (libxml2-utils) is not installed");
  const validate = (schema: string, files: string[], cwd: string) =>
    spawnSync("xmllint", ["--noout", "--nonet", "--schema", join(STANDARDS, schema), ...files], {
      cwd,
      encoding: "utf8",
    });

  it("every item, the test and the manifest of exported packages validate", () => {
    const samples = [
      allTypes,
      withMedia,
      ...fc
        .sample(fc.array(anyItem, { minLength: 10, maxLength: 10 }), { numRuns: 3, seed: 19 })
        .map((items) => parseExercise(exerciseOf(items))),
    ];
    const dir = mkdtempSync(join(tmpdir(), "qti21-"));
    try {
      samples.forEach((ex, k) => {
        const root = join(dir, `p${k}`);
        const pkg = writeQtiPackage(ex, "2.1", mediaLookup);
        if (ex === withMedia) expect(pkg.files.filter((f) => f.path.startsWith("media/"))).toHaveLength(2);
        for (const f of pkg.files) {
          mkdirSync(dirname(join(root, f.path)), { recursive: true });
          writeFileSync(join(root, f.path), f.data);
        }
        const qti = pkg.files.map((f) => f.path).filter((p) => p !== "imsmanifest.xml" && p.endsWith(".xml"));
        const items = validate("imsqti_v2p1.xsd", qti, root);
        expect(items.status, items.stderr).toBe(0);
        const manifest = validate("qti21_manifest.xsd", ["imsmanifest.xml"], root);
        expect(manifest.status, manifest.stderr).toBe(0);
      });
      // The check is real: a broken item fails.
      writeFileSync(
        join(dir, "bad.xml"),
        String(writeQtiPackage(allTypes, "2.1").files[1]?.data).replace("<itemBody>", "<itemBody><bogus/>"),
      );
      expect(validate("imsqti_v2p1.xsd", ["bad.xml"], dir).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("QTI written by others", () => {
  it("imports 1EdTech's choice example (template response processing, no manifest)", () => {
    const xml = readFileSync(join(STANDARDS, "examples/choice-item.xml"), "utf8");
    const { exercise } = readExerciseReport(xml, "qti");
    expect(exercise.items).toHaveLength(1);
    const item = exercise.items[0];
    expect(item?.type).toBe("multiple_choice");
    if (item?.type !== "multiple_choice") return;
    expect(item.options.map((o) => [o.text, o.fraction])).toEqual([
      ["at", 1],
      ["in", 0],
    ]);
    expect(item.prompt).toBe("I am good ___ tennis.");
  });

  it("imports a hand-written QTI 3 text entry and order item in a package", () => {
    const item = (id: string, body: string, decl: string) => `<?xml version="1.0"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="${id}" title="T" adaptive="false" time-dependent="false">
  ${decl}
  <qti-item-body>${body}</qti-item-body>
  <qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct"/>
</qti-assessment-item>`;
    const files = new Map([
      [
        "imsmanifest.xml",
        `<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="m"><resources>
          <resource identifier="a" type="imsqti_item_xmlv3p0" href="a.xml"><file href="a.xml"/></resource>
          <resource identifier="b" type="imsqti_item_xmlv3p0" href="sub/b.xml"><file href="sub/b.xml"/></resource>
        </resources></manifest>`,
      ],
      [
        "a.xml",
        item(
          "a",
          '<p>Capital of France?</p><p><qti-text-entry-interaction response-identifier="RESPONSE"/></p>',
          `<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"><qti-correct-response><qti-value>Paris</qti-value></qti-correct-response></qti-response-declaration>`,
        ),
      ],
      [
        "sub/b.xml",
        item(
          "b",
          `<qti-order-interaction response-identifier="RESPONSE"><qti-simple-choice identifier="x">one</qti-simple-choice><qti-simple-choice identifier="y">two</qti-simple-choice></qti-order-interaction>`,
          `<qti-response-declaration identifier="RESPONSE" cardinality="ordered" base-type="identifier"><qti-correct-response><qti-value>y</qti-value><qti-value>x</qti-value></qti-correct-response></qti-response-declaration>`,
        ),
      ],
    ]);
    const { exercise } = readQtiPackage(files, "Bank");
    expect(exercise.items.map((i) => i.type)).toEqual(["short_answer", "ordering"]);
    const [sa, ord] = exercise.items;
    if (sa?.type === "short_answer") expect(sa.answers).toEqual([{ text: "Paris", fraction: 1 }]);
    if (ord?.type === "ordering") expect(ord.sequence).toEqual(["two", "one"]);
  });

  it("names the file of an item the schema refuses (a choice with no right option)", () => {
    const good = readFileSync(join(STANDARDS, "examples/choice-item.xml"), "utf8");
    const bad = good.replace("<correctResponse><value>a</value></correctResponse>", "");
    try {
      readQtiPackage(
        new Map([
          ["a/ok.xml", good],
          ["b/bad.xml", bad],
        ]),
        "x",
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).errors).toEqual([
        { line: 2, message: expect.stringMatching(/^b\/bad\.xml: multiple_choice: options: at least one option/) },
      ]);
    }
  });

  it("refuses an unsupported interaction with the file and line, importing nothing", () => {
    const files = new Map([
      [
        "item.xml",
        `<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x" title="x" adaptive="false" timeDependent="false">\n<itemBody>\n<sliderInteraction responseIdentifier="R" lowerBound="0" upperBound="10"/></itemBody></assessmentItem>`,
      ],
    ]);
    try {
      readQtiPackage(files, "x");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).errors[0]?.message).toMatch(/item\.xml: unsupported interaction <sliderInteraction>/);
    }
  });
});

describe("XML safety", () => {
  it("refuses a DOCTYPE (external entities, entity bombs) with its line, and never expands entities", () => {
    const evil = `<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<quiz>&x;</quiz>`;
    expect(() => parseXml(evil)).toThrow(/DOCTYPE/);
    try {
      readExerciseReport(evil, "moodlexml");
      expect.unreachable();
    } catch (err) {
      expect((err as FormatError).errors[0]).toMatchObject({ line: 2 });
    }
  });

  it("bounds nesting depth and reports malformed XML with a line", () => {
    const deep = `${"<a>".repeat(500)}${"</a>".repeat(500)}`;
    expect(() => parseXml(deep)).toThrow();
    expect(() => parseXml("<quiz>\n<question>\n</quiz>")).toThrow(/invalid XML/);
  });
});
