import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { images, referenceMasks } from "@clickloop/db";
import { authorizeCredentials } from "@clickloop/auth/core";
import { DEMO_ADMIN_EMAIL, DEMO_PROJECT_NAME, seedDemoAccount, seedDemoImages } from "../../../scripts/seed";
import { createApiHarness, type ApiHarness } from "./helpers";

describe("demo seed (pnpm start)", () => {
  let h: ApiHarness;
  let dataDir: string;
  beforeAll(async () => {
    h = await createApiHarness();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-seed-"));
  });
  afterAll(async () => {
    await h.cleanup();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("creates the admin (password persisted), the demo project and phantom images with masks, once", async () => {
    const first = await seedDemoAccount(h.deps.db, dataDir);
    expect(first.adminEmail).toBe(DEMO_ADMIN_EMAIL);
    expect(first.adminPassword).toBe((await fs.readFile(path.join(dataDir, "admin-password"), "utf8")).trim());
    expect(await authorizeCredentials(h.deps.db, { email: DEMO_ADMIN_EMAIL, password: first.adminPassword })).toMatchObject({ id: first.adminId });

    expect(await seedDemoImages(h.deps, first.projectId, first.adminId, 3)).toBe(3);
    const rows = await h.deps.db.select().from(images).where(eq(images.projectId, first.projectId));
    expect(rows.map((r) => [r.originalName, r.width, r.height])).toEqual([
      ["phantom_01.png", 512, 400],
      ["phantom_02.png", 512, 400],
      ["phantom_03.png", 512, 400],
    ]);
    expect(await h.deps.db.select().from(referenceMasks)).toHaveLength(3);
    expect(h.jobs.sent.filter((j) => j.name === "image.thumbnail")).toHaveLength(3);

    const again = await seedDemoAccount(h.deps.db, dataDir);
    expect(again).toEqual(first);
    expect(await seedDemoImages(h.deps, again.projectId, again.adminId, 3)).toBe(0);
    const admin = await h.callerFor(first.adminId);
    expect((await admin.project.list()).map((p) => p.name)).toEqual([DEMO_PROJECT_NAME]);
  });
});
