import { defineConfig } from "vitest/config";

// `pnpm bench:click-latency`: the workspace latency benchmark, run by vitest so that it gets the
// same Postgres server and harness as the e2e tests. Run from the repository root.
export default defineConfig({
  test: {
    include: ["apps/web/e2e/bench-click-latency.ts"],
    globalSetup: ["packages/db/src/test-global-setup.ts"],
    fileParallelism: false,
    testTimeout: 1_800_000,
    hookTimeout: 900_000,
  },
});
