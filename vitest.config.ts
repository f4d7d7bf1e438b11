import { defineConfig } from "vitest/config";

// Two projects: fast unit/integration tests per package, and browser end-to-end tests
// (Debian's Chromium via playwright-core) that build and start the real web app.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "tooling/**/*.test.ts", "apps/worker/test/**/*.test.ts", "apps/web/test/**/*.test.ts"],
          pool: "forks",
          maxWorkers: 2,
          globalSetup: ["packages/db/src/test-global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["apps/web/e2e/**/*.test.ts"],
          fileParallelism: false,
          globalSetup: ["packages/db/src/test-global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
