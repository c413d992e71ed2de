import { describe, expect, it } from "vitest";
import { cookieValue } from "./cookie.ts";

describe("cookieValue", () => {
  it("finds the named cookie wherever it sits in the header", () => {
    expect(cookieValue("lc_session=abc", "lc_session")).toBe("abc");
    expect(cookieValue("theme=dark; lc_session=abc; lang=en", "lc_session")).toBe("abc");
    expect(cookieValue("theme=dark;lc_session=abc", "lc_session")).toBe("abc");
    expect(cookieValue('lc_session="abc"', "lc_session")).toBe("abc");
  });

  it("does not take a cookie whose name only ends or starts with the name", () => {
    expect(cookieValue("old_lc_session=x", "lc_session")).toBeUndefined();
    expect(cookieValue("lc_session_v2=x", "lc_session")).toBeUndefined();
    expect(cookieValue("old_lc_session=x; lc_session=y", "lc_session")).toBe("y");
    expect(cookieValue("a=lc_session=x", "lc_session")).toBeUndefined();
  });

  it("takes the first of two cookies of that name, and nothing from an absent or empty header", () => {
    expect(cookieValue("lc_session=first; lc_session=second", "lc_session")).toBe("first");
    expect(cookieValue(undefined, "lc_session")).toBeUndefined();
    expect(cookieValue("", "lc_session")).toBeUndefined();
    expect(cookieValue("lc_session=", "lc_session")).toBe("");
  });
});
