// @vitest-environment jsdom
import type { StudentItem } from "@languagecloud/domain";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "./App.tsx";
import { ItemView } from "./player/ItemView.tsx";
import { items } from "./player/testItems.ts";

window.scrollTo = () => {};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function seriousViolations(node: Element) {
  const result = await axe.run(node, { rules: { "color-contrast": { enabled: false } } });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help}`);
}

function renderApp(path: string) {
  window.history.pushState(null, "", path);
  vi.stubGlobal(
    "fetch",
    vi.fn(
      async () =>
        new Response(JSON.stringify({ error: { code: "unauthorized", message: "Log in" } }), {
          status: 401,
          headers: { "content-type": "application/json" },
        }),
    ),
  );
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <App />
    </QueryClientProvider>,
  );
}

describe("accessibility (axe-core, serious and critical)", () => {
  for (const [path, button] of [
    ["/signup", "Sign up"],
    ["/login", "Log in"],
    ["/join", "Join class"],
    ["/reset-password?token=abc", "Submit"],
  ] as const) {
    it(`${path} has labelled fields, landmarks and no serious violations`, async () => {
      const { container } = renderApp(path);
      await screen.findByRole("button", { name: button });
      expect(screen.getByRole("main")).toBeTruthy();
      expect(screen.getByRole("heading", { level: 1 })).toBeTruthy();
      expect(await seriousViolations(container)).toEqual([]);
    });
  }

  it("signup shows the exact field labels", async () => {
    renderApp("/signup");
    for (const label of ["Organization name", "Your name", "Email", "Password"]) {
      expect(await screen.findByLabelText(label)).toBeTruthy();
    }
  });

  it("a protected page without a session goes to the login page", async () => {
    renderApp("/o/org1/library");
    await waitFor(() => expect(window.location.pathname).toBe("/login"));
  });

  it("every player item type has no serious violations", async () => {
    const { container } = render(
      <main>
        {Object.values(items).map((item, i) => (
          <ItemView key={item.id} item={item as StudentItem} number={i + 1} response={undefined} onChange={() => {}} />
        ))}
      </main>,
    );
    expect(await seriousViolations(container)).toEqual([]);
  });
});
