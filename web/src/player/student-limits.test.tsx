// @vitest-environment jsdom
import { parseExercise, type Response, type StudentItem, toStudentItem } from "@languagecloud/domain";
import { MAX_TEXT_LENGTH } from "@languagecloud/domain/content/responses";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ItemView } from "./ItemView.tsx";
import { isAnswered, unusableAnswer } from "./view.ts";

afterEach(cleanup);

function renderItem(item: StudentItem) {
  const seen: Response[] = [];
  const onChange = (r: Response) => {
    seen.push(r);
    view.rerender(<ItemView item={item} number={1} response={r} onChange={onChange} />);
  };
  const view = render(<ItemView item={item} number={1} response={undefined} onChange={onChange} />);
  return { seen, last: () => seen.at(-1) };
}

describe("item 10: a numerical answer that is not a number is kept", () => {
  it("sends the text as written, counts it as answered and names the problem", () => {
    const { last } = renderItem({ id: "n1", type: "numerical", prompt: "How long?", points: 1 });
    fireEvent.change(screen.getByRole("textbox"), { target: { value: "2.5 hours" } });
    expect(last()).toEqual({ text: "2.5 hours" });
    expect(isAnswered(last())).toBe(true);
    expect(unusableAnswer({ id: "n1", type: "numerical", prompt: "", points: 1 }, last())).toMatch(/not a number/);
    fireEvent.change(screen.getByRole("textbox"), { target: { value: "2,5" } });
    expect(last()).toEqual({ value: 2.5 });
  });
});

describe("item 11: an essay stops at the limit the server accepts, and says so", () => {
  it("keeps at most MAX_TEXT_LENGTH characters and explains why", () => {
    const { last } = renderItem({ id: "e1", type: "essay", prompt: "Write", points: 10 });
    fireEvent.change(screen.getByRole("textbox"), { target: { value: "word ".repeat(24_000) } });
    expect(last()?.text?.length).toBe(MAX_TEXT_LENGTH);
    expect(screen.getByText(/limit of 50,000 characters/)).toBeTruthy();
    expect((screen.getByRole("textbox") as HTMLTextAreaElement).maxLength).toBe(MAX_TEXT_LENGTH);
  });
});

describe("item 13: mark the words keeps the teacher's prompt and tokenizes only the text", () => {
  it("shows the instruction as the prompt and offers only the text's words", () => {
    const ex = parseExercise({
      title: "t",
      items: [{ type: "mark_words", prompt: "Find the two mistakes.\nShe *go* to school *yesterday*" }],
    });
    const item = toStudentItem(ex.items[0] as never, { seed: "s" });
    renderItem(item);
    expect(screen.getByText("Find the two mistakes.")).toBeTruthy();
    const words = screen.getAllByRole("button").map((b) => b.textContent);
    expect(words).toEqual(["She", "go", "to", "school", "yesterday"]);
  });
});

describe("item 12: ordering by dragging (touch)", () => {
  it("a drag from the first unit to the third position moves it there; the buttons still work", () => {
    const item = { id: "o1", type: "ordering", prompt: "Order", points: 1, units: ["school", "I", "to", "go"] };
    const { last } = renderItem(item as StudentItem);
    const rows = () => [...document.querySelectorAll<HTMLElement>('[data-order="o1"]')];
    const handle = rows()[0]?.querySelector(".drag-handle") as HTMLElement;
    const target = rows()[2] as HTMLElement;
    document.elementFromPoint = () => target;
    fireEvent.pointerDown(handle, { pointerId: 1, clientX: 10, clientY: 10, pointerType: "touch" });
    fireEvent.pointerMove(handle, { pointerId: 1, clientX: 10, clientY: 120, pointerType: "touch" });
    fireEvent.pointerUp(handle, { pointerId: 1, clientX: 10, clientY: 120, pointerType: "touch" });
    expect(last()).toEqual({ sequence: ["I", "to", "school", "go"] });
    fireEvent.click(screen.getByRole("button", { name: 'Move "go" up' }));
    expect(last()).toEqual({ sequence: ["I", "to", "go", "school"] });
  });
});

describe("item 7: an item's image carries the teacher's alt text", () => {
  it("uses the alt text of the media reference", () => {
    renderItem({
      id: "p1",
      type: "short_answer",
      prompt: "What is it?",
      points: 1,
      media: [{ mediaId: "m1", kind: "image", alt: "A black cat on a red sofa" }],
    } as StudentItem);
    expect(screen.getByRole("img", { name: "A black cat on a red sofa" })).toBeTruthy();
  });
});
