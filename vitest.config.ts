import { defineConfig } from "vitest/config";

// vitest 5's reporter calls Map.groupBy (Node ≥21); on Node 20 every failure report became a TypeError.
const mapWithGroupBy = Map as unknown as { groupBy?: <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => Map<K, T[]> };
mapWithGroupBy.groupBy ??= <K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> => {
  const groups = new Map<K, T[]>();
  let index = 0;
  for (const item of items) {
    const k = key(item, index++);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};

// Two projects: fast unit/integration tests per package, and browser end-to-end tests
// (Debian's Chromium via playwright-core) that build and start the real web app.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/test/**/*.test.ts", "apps/worker/test/**/*.test.ts", "apps/web/test/**/*.test.ts"],
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
