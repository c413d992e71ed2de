// @vitest-environment jsdom
import type { GradingQueueEntryDto } from "@languagecloud/domain";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import Grading from "./Grading.tsx";

window.scrollTo = () => {};

const entry: GradingQueueEntryDto = {
  responseId: "r1",
  attemptId: "a1",
  itemId: "q1",
  student: { id: "u1", name: "Eva Essay", email: "eva@example.com" },
  prompt: "Write about your holiday.",
  text: "We goed to the sea.",
  maxScore: 10,
  rubric: [
    { criterion: "Grammar", points: 4 },
    { criterion: "Vocabulary", points: 6 },
  ],
  score: null,
  comment: null,
  submittedAt: "2025-01-01T10:00:00Z",
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function setup(grade: (body: Record<string, unknown>) => Response, queued: GradingQueueEntryDto = entry) {
  const puts: Record<string, unknown>[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      if (init.method === "PUT") {
        const body = JSON.parse(String(init.body));
        puts.push(body);
        return grade(body);
      }
      if (url.endsWith("/grading")) return json({ items: [queued], nextCursor: null });
      if (url.endsWith("/assignments/as1")) return json({ id: "as1", classId: "c1", title: "My holiday" });
      return json({ error: { code: "not_found", message: "No" } }, 404);
    }),
  );
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <Grading orgId="org1" assignmentId="as1" />
    </QueryClientProvider>,
  );
  return puts;
}

describe("grading queue", () => {
  it("sends the rubric total as the score, shows a rubric problem at its criterion, then confirms the grade", async () => {
    let refuse = true;
    const puts = setup((body) => {
      if (refuse) {
        refuse = false;
        return json(
          {
            error: {
              code: "invalid_rubric",
              message: "The rubric does not fit the item's criteria.",
              details: [{ field: "body.rubric.0.points", message: "must be at most 4" }],
            },
          },
          422,
        );
      }
      return json({ responseId: "r1", score: body.score, maxScore: 10 });
    });
    await screen.findByRole("heading", { name: "Grading queue: My holiday" });
    fireEvent.change(screen.getByLabelText("Grammar (0–4)"), { target: { value: "5" } });
    fireEvent.change(screen.getByLabelText("Vocabulary (0–6)"), { target: { value: "3" } });
    expect(screen.getByText("Rubric total: 8 of 10")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /Save grade/ }));

    const grammar = screen.getByLabelText("Grammar (0–4)");
    await waitFor(() => expect(grammar.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("must be at most 4")).toBeTruthy();
    // Told once, at the field: no second message above the button.
    expect(screen.queryByText("The rubric does not fit the item's criteria.")).toBeNull();
    expect(puts[0]).toEqual({
      score: 8,
      rubric: [
        { criterion: "Grammar", points: 5 },
        { criterion: "Vocabulary", points: 3 },
      ],
    });

    fireEvent.change(grammar, { target: { value: "4" } });
    fireEvent.click(screen.getByRole("button", { name: /Save grade/ }));
    await screen.findByText("Saved: Eva Essay has 7 of 10.");
    expect(puts[1]?.score).toBe(7);
    await screen.findByText(/Nothing waiting for you/);
  });

  it("without a rubric, an empty score cannot be saved (it is not a zero)", async () => {
    const puts = setup(() => json({ responseId: "r1", score: 6, maxScore: 10 }), { ...entry, rubric: [] });
    await screen.findByText("We goed to the sea.");
    const save = screen.getByRole("button", { name: /Save grade/ }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Score (0–10)"), { target: { value: "6" } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await screen.findByText("Saved: Eva Essay has 6 of 10.");
    expect(puts).toEqual([{ score: 6 }]);
  });
});
