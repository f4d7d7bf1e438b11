// kill -9 of real processes: the worker in the middle of an embedding, and a process in the middle
// of submitting annotations (what the web process does). Nothing confirmed is lost, no row points
// at a missing or partial file, and the interrupted work is done by the next worker.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { annotations, embeddings, images, memberships, projects, users } from "@clickloop/db";
import { LocalStorage } from "@clickloop/storage";
import { ingestImage } from "@clickloop/api";
import { makeNoisePng } from "./late-jobs-fixtures";

const TSX = ["--import", "tsx"];

function child(script: string, env: Record<string, string>): { proc: ChildProcess; output: () => string; waitFor(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> } {
  const proc = spawn(process.execPath, [...TSX, path.join(import.meta.dirname, "fixtures", script)], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of listeners) l();
  };
  proc.stdout!.on("data", collect);
  proc.stderr!.on("data", collect);
  return {
    proc,
    output: () => out,
    waitFor(re, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(re);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          } else if (proc.exitCode !== null) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`${script} exited before ${re}:\n${out}`));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${script}: no ${re} within ${timeoutMs} ms:\n${out}`));
        }, timeoutMs);
        listeners.add(check);
        proc.once("exit", check);
        check();
      });
    },
  };
}

const killed = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once("exit", () => resolve())));

/** Polls a database condition (the state lives in another process: there is no event to wait on). */
async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("kill -9", () => {
  let database: TestDatabase;
  let storageDir: string;
  let storage: LocalStorage;
  let projectId: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-kill9-"));
    storage = new LocalStorage(storageDir);
    const [project] = await database.db.insert(projects).values({ name: "Kill", targetLabel: "lesion" }).returning();
    projectId = project!.id;
    env = { DATABASE_URL: database.url, STORAGE_DIR: storageDir };
  });
  afterAll(async () => {
    await database?.cleanup();
    await fs.rm(storageDir, { recursive: true, force: true });
  });

  it("worker killed mid-embedding: no row, no file served; the next worker finishes the job", async () => {
    const jobs = { send: async () => null };
    const { image } = await ingestImage({ db: database.db, storage, jobs }, { projectId, uploadedBy: null, fileName: "k.png", bytes: await makeNoisePng(99) });
    const first = child("worker-child.ts", env);
    try {
      await first.waitFor(/worker ready/, 120_000);
      // The sweep enqueued the image (it has no embedding); wait until the job is taken.
      await until(
        async () => (await database.db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'image.embed' and state = 'active'`)).rows[0]!.n > 0,
        120_000,
        "an active image.embed job",
      );
      first.proc.kill("SIGKILL");
      await killed(first.proc);
    } finally {
      first.proc.kill("SIGKILL");
    }
    expect(first.output()).not.toMatch(/embedding [0-9a-f-]{36}/); // it did not finish
    expect(await database.db.select().from(embeddings).where(eq(embeddings.imageId, image.id))).toEqual([]);

    const second = child("worker-child.ts", env);
    try {
      await second.waitFor(/worker ready/, 120_000);
      await second.waitFor(new RegExp(`embedding ${image.id}`), 600_000);
      const [row] = await database.db.select().from(embeddings).where(eq(embeddings.imageId, image.id));
      expect(row).toBeDefined();
      expect((await storage.get(row!.storageKey)).byteLength).toBe(row!.byteSize);
    } finally {
      second.proc.kill("SIGTERM");
      await killed(second.proc);
    }
  });

  it("submitting process killed mid-write: every confirmed submission is stored with its mask; no row points at a missing file", async () => {
    const [user] = await database.db.insert(users).values({ email: "k@example.com", name: "K" }).returning();
    const [submitProject] = await database.db.insert(projects).values({ name: "Submit", targetLabel: "lesion" }).returning();
    await database.db.insert(memberships).values({ projectId: submitProject!.id, userId: user!.id, role: "annotator" });
    await database.db.insert(images).values(
      Array.from({ length: 400 }, (_, i) => ({ projectId: submitProject!.id, sha256: `k${i}`, storageKey: `none/${i}.png`, width: 96, height: 80, mime: "image/png", byteSize: 1, originalName: `${i}.png` })),
    );
    const proc = child("submit-child.ts", { ...env, PROJECT_ID: submitProject!.id, USER_ID: user!.id });
    try {
      await proc.waitFor(/(submitted .*\n){8}/, 300_000);
      proc.proc.kill("SIGKILL");
      await killed(proc.proc);
    } finally {
      proc.proc.kill("SIGKILL");
    }
    const confirmed = [...proc.output().matchAll(/submitted ([0-9a-f-]{36}) (\d+)/g)].map((m) => ({ id: m[1]!, version: Number(m[2]) }));
    expect(proc.output()).not.toMatch(/all done/); // killed mid-way
    expect(confirmed.length).toBeGreaterThanOrEqual(8);

    const rows = await database.db.select().from(annotations).where(eq(annotations.projectId, submitProject!.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const c of confirmed) expect(byId.get(c.id)).toMatchObject({ status: "submitted", version: c.version });
    // No row (draft or submitted) points at a missing or unreadable mask.
    for (const row of rows) {
      expect(row.maskKey, row.id).not.toBeNull();
      const png = await storage.get(row.maskKey!);
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height]).toEqual([96, 80]);
    }
    // Images marked submitted all have their submitted annotation.
    const submittedImages = await database.db.select().from(images).where(sql`${images.projectId} = ${submitProject!.id} and ${images.status} = 'submitted'`);
    for (const image of submittedImages) expect(rows.some((r) => r.imageId === image.id && r.status === "submitted")).toBe(true);
  });
});
