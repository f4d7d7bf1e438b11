import fs from "node:fs/promises";
import { TRPCError } from "@trpc/server";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { memberships, projects, type ProjectRole } from "@clickloop/db";
import { LocalStorage } from "@clickloop/storage";
import { createCaller } from "../src/root";
import { createTRPCContext } from "../src/trpc";
import { defaultApiConfig, type ApiDeps } from "../src/deps";
import { parseJobPayload, type JobPayload, type JobQueue, type QueueName } from "../src/jobs";
import { createPasswordUser } from "../src/services/accounts";

/** The tRPC code a call fails with, or "ok" (a non-tRPC failure is returned as its text). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

/** Collects validated jobs in memory (the worker tests use real pg-boss). */
export class RecordingJobQueue implements JobQueue {
  readonly sent: { name: QueueName; payload: unknown }[] = [];
  async send<Q extends QueueName>(name: Q, payload: JobPayload<Q>): Promise<string> {
    this.sent.push({ name, payload: parseJobPayload(name, payload) });
    return String(this.sent.length);
  }
}

export interface ApiHarness {
  database: TestDatabase;
  deps: ApiDeps;
  jobs: RecordingJobQueue;
  storageDir: string;
  callerFor(userId: string | null): Promise<ReturnType<typeof createCaller>>;
  createUser(email: string, options?: { isInstanceAdmin?: boolean; password?: string }): Promise<{ id: string; email: string }>;
  createProject(name: string, members: Record<string, ProjectRole>): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createApiHarness(): Promise<ApiHarness> {
  const database = await createTestDatabase();
  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-api-"));
  const jobs = new RecordingJobQueue();
  const deps: ApiDeps = {
    db: database.db,
    storage: new LocalStorage(storageDir),
    jobs,
    config: { ...defaultApiConfig({}), appUrl: "http://clickloop.test" },
  };
  return {
    database,
    deps,
    jobs,
    storageDir,
    async callerFor(userId) {
      const ctx = await createTRPCContext({ headers: new Headers(), session: userId ? { user: { id: userId } } : null, deps });
      return createCaller(ctx);
    },
    async createUser(email, options = {}) {
      const user = await createPasswordUser(database.db, {
        email,
        name: email.split("@")[0] ?? email,
        password: options.password ?? "correct horse battery",
        isInstanceAdmin: options.isInstanceAdmin,
      });
      return { id: user.id, email: user.email ?? email };
    },
    async createProject(name, members) {
      const [project] = await database.db.insert(projects).values({ name, targetLabel: "lesion" }).returning();
      if (!project) throw new Error("no project");
      const rows = Object.entries(members).map(([userId, role]) => ({ projectId: project.id, userId, role }));
      if (rows.length > 0) await database.db.insert(memberships).values(rows);
      return project.id;
    },
    async cleanup() {
      await database.cleanup();
      await fs.rm(storageDir, { recursive: true, force: true });
    },
  };
}
