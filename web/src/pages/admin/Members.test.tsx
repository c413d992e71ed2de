// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import Members from "./Members.tsx";

window.scrollTo = () => {};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The page as an owner of org1 sees it, on a fresh query cache. */
function renderAsOwner() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // The caller's role in the organization (a prop, as the router passes it; not an ARIA role).
  const props = { orgId: "org1", role: "owner" as const };
  render(
    <QueryClientProvider client={qc}>
      <Members {...props} />
    </QueryClientProvider>,
  );
}

describe("members", () => {
  it("changes a role only when it is saved, and says so", async () => {
    let tomRole = "teacher";
    const patches: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit = {}) => {
        if (url.endsWith("/me")) {
          return json({ user: { id: "u1", name: "Olga", email: "olga@example.com" }, memberships: [] });
        }
        if (init.method === "PATCH") {
          patches.push(JSON.parse(String(init.body)));
          tomRole = "admin";
          return json({});
        }
        if (url.includes("/members")) {
          return json({
            items: [
              { user: { id: "u1", name: "Olga", email: "olga@example.com" }, role: "owner", joinedAt: "2025-01-01" },
              { user: { id: "u2", name: "Tom", email: "tom@example.com" }, role: tomRole, joinedAt: "2025-01-02" },
            ],
            nextCursor: null,
          });
        }
        if (url.includes("/invitations")) return json({ items: [], nextCursor: null });
        return json({ error: { code: "not_found", message: "No" } }, 404);
      }),
    );
    renderAsOwner();
    const select = (await screen.findByLabelText("Role of Tom")) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: "student" } });
    fireEvent.change(select, { target: { value: "admin" } });
    expect(patches).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "Save the role of Tom" }));
    await screen.findByText("Tom is now admin.");
    expect(patches).toEqual([{ role: "admin" }]);
    await waitFor(() => expect((screen.getByLabelText("Role of Tom") as HTMLSelectElement).value).toBe("admin"));
    expect(screen.queryByRole("button", { name: "Save the role of Tom" })).toBeNull();
  });

  it("withdraws a pending invitation after a confirmation, and offers none for an accepted one", async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    let invitations = [
      { id: "i1", email: "ann@example.com", role: "teacher", expiresAt: future, acceptedAt: null, createdAt: future },
      { id: "i2", email: "bob@example.com", role: "student", expiresAt: future, acceptedAt: future, createdAt: future },
    ];
    const deleted: string[] = [];
    vi.stubGlobal("confirm", () => true);
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit = {}) => {
        if (url.endsWith("/me"))
          return json({ user: { id: "u1", name: "Olga", email: "o@example.com" }, memberships: [] });
        if (init.method === "DELETE") {
          deleted.push(url);
          invitations = invitations.filter((i) => !url.endsWith(`/invitations/${i.id}`));
          return new Response(null, { status: 204 });
        }
        if (url.includes("/members")) return json({ items: [], nextCursor: null });
        if (url.includes("/invitations")) return json({ items: invitations, nextCursor: null });
        return json({ error: { code: "not_found", message: "No" } }, 404);
      }),
    );
    renderAsOwner();
    const withdraw = await screen.findByRole("button", { name: "Withdraw the invitation to ann@example.com" });
    expect(screen.queryByRole("button", { name: "Withdraw the invitation to bob@example.com" })).toBeNull();
    fireEvent.click(withdraw);
    await screen.findByText("Invitation to ann@example.com withdrawn.");
    expect(deleted).toEqual([expect.stringMatching(/\/orgs\/org1\/invitations\/i1$/)]);
    await waitFor(() => expect(screen.queryByText(/ann@example.com as teacher/)).toBeNull());
  });

  it("offers a member's data export and erases after a confirmation that names what will happen", async () => {
    const posts: { url: string; body: unknown }[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit = {}) => {
        if (url.endsWith("/me"))
          return json({ user: { id: "u1", name: "Olga", email: "o@example.com" }, memberships: [] });
        if (init.method === "POST" && url.endsWith("/erase")) {
          posts.push({ url, body: JSON.parse(String(init.body)) });
          return json({ userId: "u2", accountKept: false, attempts: "delete", changed: {} });
        }
        if (url.includes("/members"))
          return json({
            items: [
              { user: { id: "u1", name: "Olga", email: "o@example.com" }, role: "owner", joinedAt: "2025-01-01" },
              { user: { id: "u2", name: "Sam", email: "sam@example.com" }, role: "student", joinedAt: "2025-01-02" },
            ],
            nextCursor: null,
          });
        if (url.includes("/invitations")) return json({ items: [], nextCursor: null });
        return json({ error: { code: "not_found", message: "No" } }, 404);
      }),
    );
    renderAsOwner();
    const link = (await screen.findByRole("link", { name: "Export data of Sam" })) as HTMLAnchorElement;
    expect(link.getAttribute("href")).toBe("/api/v1/orgs/org1/members/u2/data-export");
    fireEvent.click(screen.getByRole("button", { name: "Erase Sam's personal data" }));
    const dialog = await screen.findByRole("dialog", { name: "Erase Sam's personal data?" });
    expect(dialog.textContent).toContain("Sam's name, email, password, sessions, invitations and mail are removed");
    expect(dialog.textContent).toContain("so the statistics do not change");
    fireEvent.click(screen.getByLabelText("Delete them"));
    expect(dialog.textContent).toContain("Their attempts and answers are deleted too");
    expect(posts).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "Erase Sam" }));
    await screen.findByText("Sam's personal data was erased.");
    expect(posts).toEqual([
      { url: expect.stringMatching(/\/orgs\/org1\/members\/u2\/erase$/), body: { attempts: "delete" } },
    ]);
  });
});
