// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import ClassDetail from "./ClassDetail.tsx";
import Library from "./Library.tsx";

window.scrollTo = () => {};
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderWith(node: React.ReactNode, handler: (url: string, init: RequestInit) => Response) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      calls.push(`${init.method ?? "GET"} ${url}`);
      return handler(url, init);
    }),
  );
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<QueryClientProvider client={qc}>{node}</QueryClientProvider>);
  return calls;
}

describe("item 15: class tabs and filters are in the URL", () => {
  it("a shared link opens its tab; choosing a tab writes it; Back returns to the previous tab", async () => {
    window.history.replaceState(null, "", "/o/org1/classes/c1?view=students");
    renderWith(<ClassDetail orgId="org1" classId="c1" />, (url) =>
      url.endsWith("/classes/c1")
        ? json({ id: "c1", name: "7B", joinCode: "ABCDEF", description: null })
        : json({ items: [], nextCursor: null }),
    );
    const students = await screen.findByRole("link", { name: "Students" });
    expect(students.getAttribute("aria-current")).toBe("page");
    fireEvent.click(screen.getByRole("link", { name: "Assignments" }));
    expect(window.location.search).toBe("?view=assignments");
    expect(screen.getByRole("link", { name: "Assignments" }).getAttribute("aria-current")).toBe("page");
    await act(async () => {
      window.history.back();
      await new Promise((r) => setTimeout(r, 50));
    });
    await waitFor(() =>
      expect(screen.getByRole("link", { name: "Students" }).getAttribute("aria-current")).toBe("page"),
    );
  });

  it("library filters come from and go to the address", async () => {
    window.history.replaceState(null, "", "/o/org1/library?level=A2&q=past");
    const calls = renderWith(<Library orgId="org1" />, () => json({ items: [], nextCursor: null }));
    expect((screen.getByLabelText("Search") as HTMLInputElement).value).toBe("past");
    await waitFor(() => expect(calls.some((c) => c.includes("level=A2") && c.includes("q=past"))).toBe(true));
    fireEvent.change(screen.getByLabelText("Level"), { target: { value: "B1" } });
    await waitFor(() => expect(window.location.search).toBe("?q=past&level=B1"), { timeout: 2000 });
  });

  it("item 17: an empty library offers the examples and loads them", async () => {
    window.history.replaceState(null, "", "/o/org1/library");
    let loaded = false;
    const calls = renderWith(<Library orgId="org1" />, (_url, init) => {
      if (init.method === "POST") {
        loaded = true;
        return json({ items: [] }, 201);
      }
      return json({
        items: loaded
          ? [
              {
                id: "e1",
                title: "Example",
                status: "published",
                updatedAt: "2025-01-01T00:00:00Z",
                labels: [],
                skills: [],
                tags: [],
              },
            ]
          : [],
        nextCursor: null,
      });
    });
    fireEvent.click(await screen.findByRole("button", { name: "Start with examples" }));
    await waitFor(() => expect(calls).toContain("POST /api/v1/orgs/org1/exercises/examples"));
  });
});
