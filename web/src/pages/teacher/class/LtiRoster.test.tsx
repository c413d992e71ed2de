// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LtiRoster } from "./LtiRoster.tsx";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

type Call = { url: string; method: string };
function stub(handler: (c: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const c = { url, method: init.method ?? "GET" };
      calls.push(c);
      return handler(c);
    }),
  );
  return calls;
}
const wrap = (node: React.ReactNode) => (
  <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
    {node}
  </QueryClientProvider>
);

describe("Sync roster on an LMS course's class", () => {
  it("syncs through the roster service, says it is working, then the result", async () => {
    let release: () => void = () => {};
    const calls = stub((c) => {
      if (c.method === "POST")
        return new Promise((resolve) => {
          release = () => resolve(json({ added: 2, left: 1, members: 3 }));
        });
      return json({ platform: "School Moodle", rosterService: true, syncedAt: null });
    });
    render(wrap(<LtiRoster orgId="o1" classId="c1" />));
    await screen.findByRole("heading", { name: "Course in School Moodle" });
    expect(screen.getByText(/Not synced yet/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Sync roster" }));
    const busy = await screen.findByRole("button", { name: "Syncing the roster…" });
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole("status").textContent).toMatch(/Asking School Moodle/);
    release();
    await screen.findByText(/Done: 3 members in the course; 2 students added; 1 person has left the course/);
    expect(calls.find((c) => c.method === "POST")?.url).toBe("/api/v1/orgs/o1/classes/c1/lti-roster/sync");
    expect((screen.getByRole("button", { name: "Sync roster" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("shows the platform's refusal; says so when the course has no roster service; hides for other classes", async () => {
    stub((c) =>
      c.method === "POST"
        ? json({ error: { code: "platform_error", message: "The platform answered HTTP 401.", details: null } }, 502)
        : json({ platform: "Canvas", rosterService: true, syncedAt: "2026-01-02T03:04:05.000Z" }),
    );
    render(wrap(<LtiRoster orgId="o1" classId="c1" />));
    fireEvent.click(await screen.findByRole("button", { name: "Sync roster" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/HTTP 401/);
    cleanup();

    stub(() => json({ platform: "Canvas", rosterService: false, syncedAt: null }));
    render(wrap(<LtiRoster orgId="o1" classId="c2" />));
    await screen.findByText(/did not offer its roster service/);
    expect(screen.queryByRole("button")).toBeNull();
    cleanup();

    stub(() => json({ error: { code: "not_found", message: "Not found.", details: null } }, 404));
    const { container } = render(wrap(<LtiRoster orgId="o1" classId="c3" />));
    await new Promise((r) => setTimeout(r, 50));
    expect(container.textContent).toBe("");
  });
});
