import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../src/testing";
import { migrateDb } from "../src/migrate";
import { projects, users, images } from "../src/schema";
import { parseProjectSettings } from "../src/schema/jsonb";

describe("migrations", () => {
  let empty: TestDatabase;
  beforeAll(async () => {
    empty = await createTestDatabase({ migrated: false });
  });
  afterAll(async () => {
    await empty.cleanup();
  });

  it("apply to an empty database and are idempotent", async () => {
    const before = await empty.db.execute(sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(before.rows[0]).toEqual({ n: 0 });
    await migrateDb(empty.db);
    await migrateDb(empty.db);
    const tables = await empty.db.execute<{ table_name: string }>(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["users", "accounts", "sessions", "verification_tokens", "projects", "memberships", "invitations", "images", "embeddings", "audit_events", "reference_masks"]),
    );
  });

  it("fills project settings defaults and enforces image dedupe per project", async () => {
    const [user] = await empty.db.insert(users).values({ email: "a@example.com" }).returning();
    const [project] = await empty.db.insert(projects).values({ name: "P", targetLabel: "lesion", createdBy: user!.id }).returning();
    expect(parseProjectSettings(project!.settings)).toEqual({ requireReview: false, autoTrainThreshold: 20 });
    const row = { projectId: project!.id, sha256: "ab", storageKey: "k", width: 1, height: 1, mime: "image/png", byteSize: 1, originalName: "a.png" };
    await empty.db.insert(images).values(row);
    await expect(empty.db.insert(images).values(row)).rejects.toThrow();
  });
});
