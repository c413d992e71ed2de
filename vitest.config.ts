import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "domain/src/**/*.test.ts",
            "server/src/**/*.test.ts",
            "server/test/**/*.test.ts",
            "web/src/**/*.test.{ts,tsx}",
          ],
          globalSetup: ["server/test/global-setup.ts"],
        },
      },
      {
        // The browser tests: a real server and Chromium. They run after the other suites (groupOrder), one file at
        // a time, so they never compete with them for the CPU.
        extends: true,
        test: {
          name: "e2e",
          include: ["e2e/**/*.e2e.test.ts"],
          globalSetup: ["e2e/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
