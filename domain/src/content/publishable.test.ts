import { describe, expect, it } from "vitest";
import { publishProblems } from "./publishable.ts";

describe("media per item (issue 15, item 7)", () => {
  const item = (alt?: string) => ({
    type: "short_answer",
    prompt: "What is in the picture?",
    media: [{ mediaId: "m1", kind: "image", ...(alt !== undefined ? { alt } : {}) }],
    answers: [{ text: "a cat", fraction: 1 }],
  });
  it("an image without alt text cannot be published, named by item and media file", () => {
    expect(publishProblems({ title: "Pictures", items: [item(), item("  ")] })).toEqual([
      {
        field: "items.0.media.0.alt",
        message: "Item 1, media file 1, alt text: describe the image for those who cannot see it.",
      },
      {
        field: "items.1.media.0.alt",
        message: "Item 2, media file 1, alt text: describe the image for those who cannot see it.",
      },
    ]);
  });
  it("with its alt text, it can", () => {
    expect(publishProblems({ title: "Pictures", items: [item("A black cat on a red sofa")] })).toEqual([]);
  });
});
