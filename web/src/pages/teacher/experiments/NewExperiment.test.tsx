// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import NewExperiment from "./NewExperiment.tsx";

window.scrollTo = () => {};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const exercise = (id: string, title: string) => ({
  id,
  title,
  level: null,
  skills: [],
  tags: [],
  status: "published",
  latestVersion: 1,
  itemCount: 4,
  updatedAt: "2026-01-01T00:00:00Z",
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function setup(answer: (body: Record<string, unknown>) => Response) {
  const posted: Record<string, unknown>[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      if (init.method === "POST") {
        const body = JSON.parse(String(init.body));
        posted.push(body);
        return answer(body);
      }
      if (url.includes("/exercises?"))
        return json({
          items: [exercise("e1", "Rule first"), exercise("e2", "Examples first"), exercise("e3", "Post")],
        });
      if (url.includes("/versions")) return json({ items: [], nextCursor: null });
      if (url.endsWith("/classes"))
        return json({ items: [{ id: "c1", name: "Tuesday B1", description: null, joinCode: "X", studentCount: 12 }] });
      if (url.includes("/assignments")) return json({ items: [], nextCursor: null });
      return json({ error: { code: "not_found", message: "No" } }, 404);
    }),
  );
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <NewExperiment orgId="org1" />
    </QueryClientProvider>,
  );
  return posted;
}

const next = () => fireEvent.click(screen.getByRole("button", { name: "Next" }));

async function fillEverything() {
  await screen.findByRole("heading", { name: "Step 1 of 6: The question" });
  fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Examples or rules?" } });
  next();
  await screen.findAllByRole("option", { name: "Examples first" });
  fireEvent.change(screen.getByLabelText("Name of variant 1"), { target: { value: "Rule first" } });
  fireEvent.change(screen.getByLabelText("Exercise of variant 1"), { target: { value: "e1" } });
  fireEvent.change(screen.getByLabelText("Name of variant 2"), { target: { value: "Examples first" } });
  fireEvent.change(screen.getByLabelText("Exercise of variant 2"), { target: { value: "e2" } });
  next();
  fireEvent.click(await screen.findByLabelText("Tuesday B1 (12 students)"));
  next();
  fireEvent.change(await screen.findByLabelText("Post-test exercise"), { target: { value: "e3" } });
  next();
  await screen.findByRole("heading", { name: "Step 5 of 6: The dates" });
  next();
  await screen.findByRole("heading", { name: "Step 6 of 6: Check and save" });
}

describe("a new experiment in steps", () => {
  it("does not leave a step with a problem, and moves the focus to the next step's heading", async () => {
    setup(() => json({}, 500));
    await screen.findByRole("heading", { name: "Step 1 of 6: The question" });
    next();
    expect(await screen.findByText("Give the experiment a name.")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Step 1 of 6: The question" })).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Examples or rules?" } });
    next();
    const heading = await screen.findByRole("heading", { name: "Step 2 of 6: The variants" });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    next();
    expect(screen.getAllByText("Choose an exercise.")).toHaveLength(2);
  });

  it("sends the API's body, and a problem the server names takes the teacher back to its step", async () => {
    const posted = setup(() =>
      json(
        {
          error: {
            code: "invalid_reference",
            message: "Some of the experiment's parts were not found.",
            details: [{ field: "body.variants.1.exerciseId", message: "the exercise has no published version" }],
          },
        },
        422,
      ),
    );
    await fillEverything();
    fireEvent.click(screen.getByRole("button", { name: "Save the experiment" }));
    await screen.findByRole("heading", { name: "Step 2 of 6: The variants" });
    const select = screen.getByLabelText("Exercise of variant 2");
    await waitFor(() => expect(select.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("the exercise has no published version")).toBeTruthy();
    expect(screen.queryByText("Some of the experiment's parts were not found.")).toBeNull(); // told once, at the field
    expect(posted[0]).toEqual({
      name: "Examples or rules?",
      question: "",
      classIds: ["c1"],
      unit: "student",
      variants: [
        { name: "Rule first", exerciseId: "e1" },
        { name: "Examples first", exerciseId: "e2" },
      ],
      outcome: { exerciseId: "e3" },
      pretest: null,
    });
  });
});
