import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// Lints snippets with the repository's own eslint.config.js, as `pnpm lint` does.
const repoRoot = path.resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: repoRoot });

async function boundaryErrors(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === "clickloop/package-boundaries").map((m) => m.message);
}

describe("clickloop/package-boundaries", () => {
  it("rejects a deep import into another package's internals", async () => {
    const errors = await boundaryErrors(`import { ingestImage } from "@clickloop/api/services/ingest";\nvoid ingestImage;\n`, "apps/worker/src/probe.ts");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("@clickloop/api/services/ingest");
    expect(errors[0]).toContain("@clickloop/api/browser");
  });

  it("rejects deep re-exports and dynamic imports too", async () => {
    const code = `export { trainRound } from "@clickloop/sam-tf/train/round";\nexport const load = () => import("@clickloop/db/schema");\n`;
    expect(await boundaryErrors(code, "apps/worker/src/probe.ts")).toHaveLength(2);
  });

  it("rejects a relative path into another package's folder", async () => {
    const errors = await boundaryErrors(`import { percentile } from "../../sam/bench/report";\nvoid percentile;\n`, "packages/sam-tf/bench/probe.ts");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("@clickloop/sam");
  });

  it("accepts the entries a package exports and relative imports inside a package", async () => {
    const code = [
      `import { appRouter } from "@clickloop/api";`,
      `import { decodeMaskRle } from "@clickloop/api/browser";`,
      `import { trainRound } from "@clickloop/sam-tf/train";`,
      `import { createTestDatabase } from "@clickloop/db/testing";`,
      `import { sample } from "../src/train/round";`,
      `void [appRouter, decodeMaskRle, trainRound, createTestDatabase, sample];`,
    ].join("\n");
    expect(await boundaryErrors(code, "packages/sam-tf/test/probe.ts")).toEqual([]);
  });
});
