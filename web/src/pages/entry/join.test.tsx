// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import Join from "./Join.tsx";

window.scrollTo = () => {};
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("item 16: joining with an unknown code", () => {
  it("says so once, at the code field", async () => {
    window.history.replaceState(null, "", "/join");
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({
              error: {
                code: "invalid_join_code",
                message: "No class has this code. Check it with your teacher.",
                details: [{ field: "code", message: "No class has this code. Check it with your teacher." }],
              },
            }),
            { status: 404, headers: { "content-type": "application/json" } },
          ),
      ),
    );
    render(
      <QueryClientProvider client={new QueryClient()}>
        <Join />
      </QueryClientProvider>,
    );
    fireEvent.change(screen.getByLabelText("Class code"), { target: { value: "ZZZZZZ" } });
    fireEvent.click(screen.getByRole("button", { name: "Join class" }));
    await waitFor(() => expect(screen.getAllByRole("alert")).toHaveLength(1));
    const [alert] = screen.getAllByRole("alert");
    expect(alert?.textContent).toBe("No class has this code. Check it with your teacher.");
    expect(screen.getByLabelText("Class code").getAttribute("aria-describedby")).toContain(alert?.id);
  });
});
