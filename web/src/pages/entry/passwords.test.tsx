// @vitest-environment jsdom
import { MIN_PASSWORD_LENGTH } from "@languagecloud/domain/api/limits";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MIN_PASSWORD_LENGTH as SERVER_MIN } from "../../../../server/src/lib/passwords.ts";
import { App } from "../../App.tsx";

window.scrollTo = () => {};
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderAt(path: string) {
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
  render(
    <QueryClientProvider client={qc}>
      <App />
    </QueryClientProvider>,
  );
}

describe("item 8: one password length, shown on every new-password field", () => {
  it("the web and the server use the same constant", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(SERVER_MIN);
  });
  for (const path of ["/signup", "/join", "/reset-password?token=abcdefghijkl"]) {
    it(`${path} says the server's minimum`, async () => {
      renderAt(path);
      const field = (await screen.findByLabelText("Password")) as HTMLInputElement;
      expect(field.minLength).toBe(SERVER_MIN);
      const hint = document.getElementById(field.getAttribute("aria-describedby")?.split(" ")[0] ?? "");
      expect(hint?.textContent).toMatch(new RegExp(`at least ${SERVER_MIN} characters`, "i"));
    });
  }
});
