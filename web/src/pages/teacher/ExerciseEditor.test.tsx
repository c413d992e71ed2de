// @vitest-environment jsdom
import { grade, itemSchema, normalizeExercise, setLanguageTools } from "@languagecloud/domain";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import ExerciseEditor from "./ExerciseEditor.tsx";

window.scrollTo = () => {};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderEditor() {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
      if (String(url).includes("/media")) return json({ items: [], nextCursor: null });
      return json({ error: { code: "not_found", message: "No" } }, 404);
    }),
  );
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <ExerciseEditor orgId="org1" />
    </QueryClientProvider>,
  );
}

function addItem(type: string) {
  fireEvent.change(screen.getByLabelText("New item type"), { target: { value: type } });
  fireEvent.click(screen.getByRole("button", { name: "Add item" }));
}

const editor = () => screen.getByRole("region", { name: /^Item \d+$/ });

describe("exercise editor (issue 15)", () => {
  it("item 1: a second accepted answer earns 100 % by default; lower credit is labelled for what it is", () => {
    renderEditor();
    addItem("short_answer");
    fireEvent.click(within(editor()).getByRole("button", { name: "Add an answer" }));
    const credits = within(editor()).getAllByLabelText(/^Credit %/) as HTMLInputElement[];
    expect(credits.map((c) => c.value)).toEqual(["100", "100"]);
    fireEvent.change(credits[1] as HTMLInputElement, { target: { value: "50" } });
    expect(within(editor()).getByText(/Partial credit: 50 %/)).toBeTruthy();
    fireEvent.change(credits[1] as HTMLInputElement, { target: { value: "0" } });
    expect(within(editor()).getByText(/A known wrong answer/)).toBeTruthy();
  });

  it("item 7: each item has its own media, where an image gets its alt text", () => {
    renderEditor();
    addItem("short_answer");
    expect(within(editor()).getByRole("group", { name: "Media of this item" })).toBeTruthy();
  });

  it("item 2: shows each publishing problem by item and field before Publish is pressed", () => {
    renderEditor();
    fireEvent.change(screen.getAllByLabelText(/^Title/)[0] as HTMLElement, { target: { value: "Quiz" } });
    addItem("multiple_choice");
    const list = screen.getByRole("list", { name: "Before publishing" });
    const lines = within(list)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(lines).toEqual([
      "Item 1, prompt: write the question.",
      "Item 1, option 1, text: the option has no text.",
      "Item 1, option 2, text: the option has no text.",
    ]);
    fireEvent.change(within(editor()).getByLabelText("Prompt"), { target: { value: "She ___ to school." } });
    expect(screen.getByRole("list", { name: "Before publishing" }).textContent).not.toMatch(/prompt/);
  });

  it("item 3: the preview grades with the domain's grader, as the server does (Leds for Leeds)", async () => {
    // The server's verdict: the domain's grade() on the normalized item, with the dictionary Node loads.
    const [item] = normalizeExercise({
      title: "x",
      skills: [],
      tags: [],
      items: [
        itemSchema.parse({
          id: "q1",
          type: "short_answer",
          prompt: "Where is the university?",
          answers: [{ text: "Leeds", fraction: 1 }],
        }),
      ],
    }).items;
    const server = grade(item as never, { text: "Leds" });
    expect(server.score).toBe(1);
    // Then the browser: no Node builtins, so the preview must bring its own tools.
    const proc = process as unknown as { getBuiltinModule?: unknown };
    const builtin = proc.getBuiltinModule;
    setLanguageTools(undefined);
    proc.getBuiltinModule = undefined;
    try {
      renderEditor();
      addItem("short_answer");
      fireEvent.change(within(editor()).getByLabelText("Prompt"), { target: { value: "Where is the university?" } });
      fireEvent.change(within(editor()).getByLabelText("Answer 1"), { target: { value: "Leeds" } });
      const preview = screen.getByRole("region", { name: "Preview" });
      fireEvent.change(within(preview).getByRole("textbox", { name: "Your answer" }), { target: { value: "Leds" } });
      fireEvent.click(within(preview).getByRole("button", { name: "Check this answer" }));
      await waitFor(() => expect(within(preview).getByText(/points/)).toBeTruthy(), { timeout: 20_000 });
      expect(within(preview).getByText(new RegExp(`${server.score} / 1 points`))).toBeTruthy();
    } finally {
      proc.getBuiltinModule = builtin;
      setLanguageTools(undefined);
    }
  }, 30_000);

  it("item 4: Add a gap follows the markers the teacher typed; the template answer goes with the template", () => {
    renderEditor();
    addItem("gap_fill");
    const prompt = within(editor()).getByLabelText("Prompt") as HTMLTextAreaElement;
    fireEvent.change(prompt, { target: { value: "I [[g1]] tea and she [[g2]] coffee." } });
    expect(
      within(editor())
        .getAllByRole("group", { name: /^Gap \[\[/ })
        .map((g) => g.querySelector("legend")?.textContent),
    ).toEqual(["Gap [[g1]]", "Gap [[g2]]"]);
    // The template's "goes" belonged to the template's prompt: the replaced prompt starts with empty answers.
    expect((within(editor()).getAllByLabelText("Answer 1") as HTMLInputElement[]).map((i) => i.value)).toEqual([
      "",
      "",
    ]);
    fireEvent.click(within(editor()).getByRole("button", { name: "Add a gap" }));
    expect(prompt.value).toBe("I [[g1]] tea and she [[g2]] coffee. [[g3]]");
    expect(within(editor()).getAllByRole("group", { name: /^Gap \[\[/ })).toHaveLength(3);
  });

  it("item 5: save errors are in words with one-based positions, and disappear once fixed", async () => {
    renderEditor();
    addItem("matching");
    fireEvent.click(screen.getByRole("button", { name: "Save draft" }));
    const alert = await screen.findByText(/Fix the problems marked below/);
    expect(alert).toBeTruthy();
    const text = document.body.textContent ?? "";
    expect(text).not.toMatch(/Too small|expected string|items\.\d/);
    expect(text).toMatch(/Item 1, pair 1, left side: Write something here\./);
    expect(text).toMatch(/Title: Write something here\./);
    fireEvent.change(screen.getAllByLabelText(/^Title/)[0] as HTMLElement, { target: { value: "Pairs" } });
    expect(document.body.textContent).not.toMatch(/Title: Write something here/);
    fireEvent.change(within(editor()).getByLabelText("Left 1"), { target: { value: "cat" } });
    expect(document.body.textContent).not.toMatch(/pair 1, left side: Write/);
  });
});

describe("item 6: unsaved changes", () => {
  it("asks before an in-app link or closing the tab leaves them, and not once saved", async () => {
    window.history.replaceState(null, "", "/o/org1/exercises/new");
    renderEditor();
    const clean = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(clean);
    expect(clean.defaultPrevented).toBe(false);
    fireEvent.change(screen.getAllByLabelText(/^Title/)[0] as HTMLElement, { target: { value: "Unsaved" } });
    const unload = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);
    const confirm = vi.fn(() => false);
    vi.stubGlobal("confirm", confirm);
    fireEvent.click(screen.getByRole("link", { name: "Back to library" }));
    expect(confirm).toHaveBeenCalledOnce();
    expect(window.location.pathname).toBe("/o/org1/exercises/new");
    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByRole("link", { name: "Back to library" }));
    expect(window.location.pathname).toBe("/o/org1/library");
  });

  it("asks on the browser's Back too, and staying puts the editor's address back", async () => {
    window.history.replaceState(null, "", "/o/org1/library");
    window.history.pushState(null, "", "/o/org1/exercises/new");
    renderEditor();
    fireEvent.change(screen.getAllByLabelText(/^Title/)[0] as HTMLElement, { target: { value: "Unsaved" } });
    const confirm = vi.fn(() => false);
    vi.stubGlobal("confirm", confirm);
    window.history.back();
    await waitFor(() => expect(confirm).toHaveBeenCalledOnce());
    expect(window.location.pathname).toBe("/o/org1/exercises/new");
    expect((screen.getAllByLabelText(/^Title/)[0] as HTMLInputElement).value).toBe("Unsaved");
  });
});
