import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { images, projects, referenceMasks } from "@clickloop/db";
import { LocalStorage } from "@clickloop/storage";
import { makeImage } from "./images";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const run = promisify(execFile);

async function importFolder(env: Record<string, string>, dataDir: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/import.ts", "--project", "Imported", "--data", dataDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, stdout: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("pnpm data:import", () => {
  let database: TestDatabase;
  let tmp: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-import-"));
    const data = path.join(tmp, "data");
    await fs.mkdir(path.join(data, "images"), { recursive: true });
    await fs.mkdir(path.join(data, "masks"), { recursive: true });
    await fs.writeFile(path.join(data, "images", "a.png"), await makeImage(1, "png", 40, 30));
    await fs.writeFile(path.join(data, "images", "b.jpg"), await makeImage(2, "jpeg", 40, 30));
    await fs.writeFile(path.join(data, "images", "broken.png"), "not an image");
    const mask = Buffer.alloc(40 * 30);
    mask.fill(255, 0, 600);
    await fs.writeFile(path.join(data, "masks", "a.png"), await sharp(mask, { raw: { width: 40, height: 30, channels: 1 } }).png().toBuffer());
  });
  afterAll(async () => {
    await database.cleanup();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it("imports images with their masks, reports bad files per file, and is idempotent", async () => {
    const env = { DATABASE_URL: database.url, STORAGE_DRIVER: "local", STORAGE_DIR: path.join(tmp, "storage") };
    const first = await importFolder(env, path.join(tmp, "data"));
    expect(first.code).toBe(1); // one file failed
    expect(first.stdout).toContain("a.png: added 40×30 + mask");
    expect(first.stdout).toContain("b.jpg: added 40×30");
    expect(first.stdout).toMatch(/broken\.png: FAILED UNSUPPORTED_TYPE/);

    const [project] = await database.db.select().from(projects).where(eq(projects.name, "Imported"));
    const rows = await database.db.select().from(images).where(eq(images.projectId, project!.id));
    expect(rows.map((r) => r.originalName).sort()).toEqual(["a.png", "b.jpg"]);
    const [reference] = await database.db.select().from(referenceMasks);
    expect(reference!.imageId).toBe(rows.find((r) => r.originalName === "a.png")!.id);
    const stored = await new LocalStorage(env.STORAGE_DIR).get(reference!.storageKey);
    const meta = await sharp(stored).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(["png", 40, 30, 1]);
    const { data } = await sharp(stored).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(data.filter((v) => v === 255).length).toBe(600);

    const second = await importFolder(env, path.join(tmp, "data"));
    expect(second.stdout).toContain("done: 0 added, 2 duplicate, 1 failed, 1 reference masks");
    expect(await database.db.select().from(images).where(eq(images.projectId, project!.id))).toHaveLength(2);
  });
});
