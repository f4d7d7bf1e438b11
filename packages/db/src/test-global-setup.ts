// vitest globalSetup: one Postgres server per test run. Reuses TEST_DATABASE_URL (or DATABASE_URL) when set
// (a server where we may create databases), otherwise starts an ephemeral embedded one.
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "./embedded";
import { prepareTemplateDatabase } from "./testing";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (external) {
    await prepareTemplateDatabase(external);
    project.provide("clickloopTestServerUrl", external);
    return async () => {};
  }
  const dataDir = path.resolve(".test-data", `pg-${process.pid}-${randomBytes(3).toString("hex")}`);
  const server = await startEmbeddedPostgres({ dataDir, ephemeral: true });
  await prepareTemplateDatabase(server.url);
  project.provide("clickloopTestServerUrl", server.url);
  return () => server.stop();
}
