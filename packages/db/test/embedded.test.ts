import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../src/client";
import { startEmbeddedPostgres } from "../src/embedded";

async function query<T>(url: string, text: string): Promise<T[]> {
  const db = createDb(url, { max: 1 });
  try {
    return (await db.$client.query(text)).rows as T[];
  } finally {
    await db.$client.end();
  }
}

describe("startEmbeddedPostgres", () => {
  let parent: string;
  beforeAll(async () => {
    // Under /tmp: the postgres system user must be able to traverse to the data folder.
    parent = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-pg-"));
    await fs.chmod(parent, 0o755);
  });
  afterAll(async () => {
    await fs.rm(parent, { recursive: true, force: true });
  });

  it("initialises once, then reuses the folder (also after a crash left postmaster.pid behind)", async () => {
    const dataDir = path.join(parent, "pg");
    const first = await startEmbeddedPostgres({ dataDir });
    await query(first.url, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
    await first.stop();

    // Simulate a crash: a pid file naming a process that no longer exists.
    await fs.writeFile(path.join(dataDir, "postmaster.pid"), `999999\n${dataDir}\n0\n1\n`);
    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query<{ v: number }>(second.url, "SELECT v FROM kept")).toEqual([{ v: 42 }]);
      // A folder in use by a live server is refused instead of corrupted.
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/in use/);
    } finally {
      await second.stop();
    }
  });
});
