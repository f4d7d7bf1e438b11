import { defineConfig } from "vitest/config";

// `pnpm bench:load`: the load benchmark, run by vitest for the harness's Postgres server.
// Arguments arrive as BENCH_SECONDS / BENCH_ANNOTATORS (scripts/bench-load.ts sets them from --seconds / --annotators).
export default defineConfig({
  test: {
    include: ["apps/web/e2e/bench-load.ts"],
    globalSetup: ["packages/db/src/test-global-setup.ts"],
    fileParallelism: false,
    testTimeout: 7_200_000,
    hookTimeout: 900_000,
  },
});
