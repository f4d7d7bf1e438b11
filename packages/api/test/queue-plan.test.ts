// The next-image query stays indexed at scale: with 100,000 open images (and a scoring generation
// ranking all of them) the plan is a Limit over an Index Scan — never a Sort over the open images.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { projects, scoringRuns, users } from "@clickloop/db";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { rankedCandidateSql, uploadCandidateSql } from "../src/services/queue";
import { imageOpenFor } from "../src/services/queue-eligibility";
import type { RankedStrategy } from "../src/services/queue-order";

const N = 100_000;

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe("queue next-image query plan at 100k images", () => {
  let t: TestDatabase;
  let projectId: string;
  let runId: string;
  const userId = "planner";

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.insert(users).values({ id: userId, email: "plan@example.com" });
    const [project] = await t.db.insert(projects).values({ name: "Big", targetLabel: "lesion" }).returning();
    projectId = project!.id;
    const [run] = await t.db.insert(scoringRuns).values({ projectId, status: "active", total: N, done: N, prototypeCount: 5 }).returning();
    runId = run!.id;
    await t.db.execute(sql`
      insert into images (project_id, sha256, storage_key, width, height, mime, byte_size, original_name, created_at)
      select ${projectId}, md5(g::text), 'k' || g, 256, 256, 'image/png', 1, 'img' || g || '.png', now() - (g || ' seconds')::interval
      from generate_series(1, ${N}) g`);
    // Ranks are a permutation unrelated to upload order (what a real score gives).
    await t.db.execute(sql`
      insert into image_scores (scoring_run_id, image_id, project_id, score, rank_uncertainty, rank_diversity, rank_random, pooled)
      select ${runId}, id, project_id, random(), (row_number() over (order by md5(id::text))) - 1,
        (row_number() over (order by md5(sha256))) - 1, (row_number() over (order by id)) - 1, '{}'::real[]
      from images where project_id = ${projectId}`);
    await t.db.execute(sql`analyze images`);
    await t.db.execute(sql`analyze image_scores`);
  });
  afterAll(async () => t?.cleanup());

  async function plan(query: SQL): Promise<PlanNode[]> {
    const result = await t.db.execute<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(sql`explain (format json) ${query}`);
    return nodes(result.rows[0]!["QUERY PLAN"][0].Plan);
  }

  for (const strategy of ["uncertainty", "diversity", "random"] as RankedStrategy[]) {
    it(`${strategy}: a Limit over the (run, rank) index scan, no sort`, async () => {
      const all = await plan(rankedCandidateSql(projectId, userId, new Date(), runId, strategy, imageOpenFor(userId, 1)));
      const types = all.map((n) => n["Node Type"]);
      expect(types[0]).toBe("Limit");
      expect(types).not.toContain("Sort");
      expect(types).not.toContain("Incremental Sort");
      expect(all.some((n) => n["Node Type"] === "Index Scan" && n["Index Name"] === `image_scores_run_${strategy}_idx`)).toBe(true);
    });
  }

  it("upload order (and the not-yet-scored fallback): a Limit over the upload-order index, no sort", async () => {
    const all = await plan(uploadCandidateSql(projectId, userId, new Date(), imageOpenFor(userId, 1)));
    const types = all.map((n) => n["Node Type"]);
    expect(types[0]).toBe("Limit");
    expect(types).not.toContain("Sort");
    expect(all.some((n) => n["Node Type"] === "Index Scan" && n["Index Name"] === "images_project_list_idx")).toBe(true);
  });
});
