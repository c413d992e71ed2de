// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import Backups, { type BackupDto } from "./Backups.tsx";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("backup page", () => {
  it("starts a backup, shows its progress while it runs, then a download link that says when it expires", async () => {
    const base: BackupDto = {
      id: "b1",
      status: "running",
      progress: 0.4,
      createdAt: "2026-12-04T10:00:00.000Z",
      finishedAt: null,
      expiresAt: null,
      bytes: null,
      error: null,
      downloadUrl: null,
    };
    let state: BackupDto[] = [];
    const posts: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit = {}) => {
        if (init.method === "POST") {
          posts.push(url);
          state = [base];
          return json(base, 202);
        }
        const items = state;
        // The next poll finds it done.
        if (state[0]?.status === "running")
          state = [
            {
              ...base,
              status: "succeeded",
              progress: 1,
              bytes: 5 * 1024 * 1024,
              expiresAt: "2026-12-05T10:01:00.000Z",
              downloadUrl: "/api/v1/orgs/org1/backups/b1/download",
            },
          ];
        return json({ items });
      }),
    );
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={qc}>
        <Backups orgId="org1" />
      </QueryClientProvider>,
    );
    await screen.findByText("No backup made yet.");
    fireEvent.click(screen.getByRole("button", { name: "Make a backup" }));
    const bar = (await screen.findByLabelText("Writing")) as HTMLProgressElement;
    expect(bar.value).toBe(0.4);
    expect(posts).toEqual([expect.stringMatching(/\/orgs\/org1\/backups$/)]);
    const link = (await screen.findByRole(
      "link",
      { name: "Download the backup" },
      { timeout: 3000 },
    )) as HTMLAnchorElement;
    expect(link.getAttribute("href")).toBe("/api/v1/orgs/org1/backups/b1/download");
    expect(screen.getByText(/link expires/)).toBeTruthy();
    expect(screen.getByText(/5\.0 MB/)).toBeTruthy();
  });
});
