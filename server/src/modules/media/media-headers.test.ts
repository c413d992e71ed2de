import { describe, expect, it } from "vitest";
import { contentDisposition, safeFilename } from "./disposition.ts";
import { parseRange } from "./range.ts";

describe("parseRange", () => {
  const size = 100;
  it.each([
    [undefined, { kind: "full" }],
    ["bytes=0-9", { kind: "partial", range: { start: 0, end: 9 } }],
    ["bytes=90-", { kind: "partial", range: { start: 90, end: 99 } }],
    ["bytes=90-500", { kind: "partial", range: { start: 90, end: 99 } }],
    ["bytes=-10", { kind: "partial", range: { start: 90, end: 99 } }],
    ["bytes=-500", { kind: "partial", range: { start: 0, end: 99 } }],
    ["bytes=100-", { kind: "unsatisfiable" }],
    ["bytes=100-200", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    ["bytes=9-1", { kind: "full" }],
    ["bytes=0-1,5-6", { kind: "full" }],
    ["items=0-1", { kind: "full" }],
    ["bytes=-", { kind: "full" }],
    ["bytes=a-b", { kind: "full" }],
  ])("%s", (header, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe("safe file names", () => {
  it("drops paths, quotes, control characters and leading dots", () => {
    expect(safeFilename("../../etc/passwd")).toBe("passwd");
    expect(safeFilename('C:\\Users\\x\\a"b\u0000\r\n.mp3')).toBe("ab.mp3");
    expect(safeFilename("...hidden")).toBe("hidden");
    expect(safeFilename("\u0001\u0002", "file.png")).toBe("file.png");
    expect(safeFilename("x".repeat(500)).length).toBe(200);
  });
  it("encodes the real name for browsers and keeps the plain one ASCII", () => {
    expect(contentDisposition("attachment", "naïve 'résumé'.pdf")).toBe(
      `attachment; filename="na_ve 'r_sum_'.pdf"; filename*=UTF-8''na%C3%AFve%20%27r%C3%A9sum%C3%A9%27.pdf`,
    );
  });
});
