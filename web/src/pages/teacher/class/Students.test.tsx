// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import Login from "../../entry/Login.tsx";
import { Students } from "./Students.tsx";

window.scrollTo = () => {};
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

type Call = { url: string; method: string; body: unknown };
function stub(handler: (c: Call) => Response) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const c = { url, method: init.method ?? "GET", body: init.body ? JSON.parse(String(init.body)) : undefined };
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

describe("item 14: students without email", () => {
  it("creates accounts from names and shows printable login cards; resets a password", async () => {
    const mia = {
      id: "u1",
      name: "Mia",
      email: "mia4821@students.invalid",
      username: "mia4821",
      joinedAt: "2025-01-01",
      addedVia: "teacher",
    };
    const calls = stub((c) => {
      if (c.method === "POST" && c.url.endsWith("/accounts"))
        return json({ items: [{ userId: "u1", name: "Mia", username: "mia4821", password: "owl-kite-moon-42" }] }, 201);
      if (c.method === "POST" && c.url.endsWith("/password"))
        return json({ userId: "u1", name: "Mia", username: "mia4821", password: "fox-jam-sun-17" });
      return json({ items: [mia], nextCursor: null });
    });
    render(wrap(<Students orgId="o1" classId="c1" />));
    fireEvent.change(screen.getByLabelText("Names, one per line"), { target: { value: "Mia\n\n  Ben  \n" } });
    fireEvent.click(screen.getByRole("button", { name: "Create accounts and login cards" }));
    const cards = await screen.findByRole("region", { name: "Login cards" });
    expect(calls.find((c) => c.url.endsWith("/accounts"))?.body).toEqual({ names: ["Mia", "Ben"] });
    expect(within(cards).getByText("mia4821")).toBeTruthy();
    expect(within(cards).getByText("owl-kite-moon-42")).toBeTruthy();
    expect(within(cards).getByRole("button", { name: "Print the cards" })).toBeTruthy();

    // The list shows the username, not the placeholder address, and offers a new password.
    expect(await screen.findByText("mia4821", { selector: "td" })).toBeTruthy();
    expect(document.body.textContent).not.toContain("students.invalid");
    vi.stubGlobal("confirm", () => true);
    fireEvent.click(screen.getByRole("button", { name: "New password for Mia" }));
    expect(await screen.findByText("fox-jam-sun-17")).toBeTruthy();
  });

  it("the log-in form takes a username", async () => {
    const calls = stub(() => json({ error: { code: "invalid_credentials", message: "No" } }, 401));
    render(wrap(<Login />));
    fireEvent.change(screen.getByLabelText("Email or username"), { target: { value: "mia4821" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "owl-kite-moon-42" } });
    fireEvent.click(screen.getByRole("button", { name: "Log in" }));
    await screen.findByRole("alert");
    expect(calls[0]?.body).toEqual({ username: "mia4821", password: "owl-kite-moon-42" });
  });
});
