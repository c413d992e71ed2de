// @vitest-environment jsdom
import type { AttemptDto } from "@languagecloud/domain";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import AttemptPage from "./AttemptPage.tsx";

window.scrollTo = () => {};

const attempt: AttemptDto = {
  id: "att1",
  assignmentId: "as1",
  userId: "u1",
  number: 1,
  status: "in_progress",
  startedAt: "2025-01-01T00:00:00Z",
  submittedAt: null,
  timeOnTaskSeconds: 0,
  exercise: {
    title: "Past simple",
    items: [{ id: "q1", type: "short_answer", prompt: "Past of go?", points: 1 }],
  },
  responses: {},
  score: null,
  maxScore: 1,
  results: null,
  pendingReview: false,
};

type Call = { url: string; method: string; headers: Record<string, string>; body: unknown };

function setup(handler: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const call = {
        url,
        method: init.method ?? "GET",
        headers: (init.headers ?? {}) as Record<string, string>,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(call);
      return handler(call);
    }),
  );
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <AttemptPage orgId="org1" attemptId="att1" />
    </QueryClientProvider>,
  );
  return calls;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

beforeEach(() => {
  localStorage.clear();
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute("open");
  };
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("attempt page", () => {
  it("autosaves a changed answer and shows Saved", async () => {
    const calls = setup((c) => (c.method === "GET" ? json(attempt) : new Response(null, { status: 204 })));
    fireEvent.change(await screen.findByRole("textbox", { name: "Your answer" }), { target: { value: "went" } });
    expect(screen.getByText("Saving…")).toBeTruthy();
    await waitFor(() => expect(screen.getByText("Saved")).toBeTruthy(), { timeout: 3000 });
    const put = calls.find((c) => c.method === "PUT");
    expect(put?.url).toBe("/api/v1/orgs/org1/attempts/att1/responses/q1");
    expect(put?.body).toEqual({ response: { text: "went" } });
  });

  it("shows 'Not saved — retrying' when the save fails", async () => {
    setup((c) => (c.method === "GET" ? json(attempt) : json({ error: { code: "unavailable", message: "down" } }, 503)));
    fireEvent.change(await screen.findByRole("textbox", { name: "Your answer" }), { target: { value: "went" } });
    await waitFor(() => expect(screen.getByText("Not saved — retrying")).toBeTruthy(), { timeout: 3000 });
  });

  it("submits after confirmation, reusing one Idempotency-Key across retries", async () => {
    let submits = 0;
    const calls = setup((c) => {
      if (c.method === "GET") return json(attempt);
      if (c.url.endsWith("/submit")) {
        submits++;
        if (submits === 1) return json({ error: { code: "unavailable", message: "Try later" } }, 503);
        return json({
          ...attempt,
          status: "submitted",
          score: 1,
          results: { q1: { score: 1, maxScore: 1, status: "correct", feedback: ["Well done"], parts: [] } },
        });
      }
      return new Response(null, { status: 204 });
    });
    fireEvent.change(await screen.findByRole("textbox", { name: "Your answer" }), { target: { value: "went" } });
    fireEvent.click(screen.getByRole("button", { name: "Submit" }));
    const dialog = await screen.findByRole("dialog", { name: "Submit your answers?" });
    expect(dialog.textContent).toContain("You answered 1 of 1");
    await act(async () => {
      fireEvent.click(screen.getAllByRole("button", { name: "Submit" }).at(-1) as HTMLElement);
    });
    await screen.findByText(/Not submitted: Try later/);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    });
    await screen.findByText("Well done");
    const keys = calls.filter((c) => c.url.endsWith("/submit")).map((c) => c.headers["Idempotency-Key"]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[0]).toBe(keys[1]);
    expect(calls.find((c) => c.url.endsWith("/submit"))?.body).toEqual({ responses: { q1: { text: "went" } } });
    expect(screen.getByRole("textbox", { name: "Your answer" })).toHaveProperty("disabled", true);
  });
});

describe("item 9: the client's cache follows autosave", () => {
  it("shows the saved answer after leaving the page and coming back, without a reload", async () => {
    let gets = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init: RequestInit = {}) => {
        if ((init.method ?? "GET") === "GET") {
          gets++;
          return json(attempt);
        }
        return new Response(null, { status: 204 });
      }),
    );
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const page = (show: boolean) => (
      <QueryClientProvider client={qc}>
        {show ? <AttemptPage orgId="org1" attemptId="att1" /> : <p>list</p>}
      </QueryClientProvider>
    );
    const view = render(page(true));
    fireEvent.change(await screen.findByRole("textbox", { name: "Your answer" }), { target: { value: "went" } });
    await waitFor(() => expect(screen.getByText("Saved")).toBeTruthy(), { timeout: 3000 });
    view.rerender(page(false));
    localStorage.clear(); // only the cache may bring it back: nothing is pending
    view.rerender(page(true));
    const box = (await screen.findByRole("textbox", { name: "Your answer" })) as HTMLInputElement;
    expect(box.value).toBe("went");
    expect(gets).toBe(1);
  });
});
