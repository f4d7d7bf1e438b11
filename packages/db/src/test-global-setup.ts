// vitest globalSetup: one Postgres server per test run. Reuses TEST_DATABASE_URL (or DATABASE_URL) when set
// (a server where we may create databases), otherwise starts an ephemeral embedded one.
import fs from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { processAlive, startEmbeddedPostgres } from "./embedded";
import { prepareTemplateDatabase } from "./testing";

/** Data folders left by killed test runs (their postgres is gone, or the folder was never started). */
async function removeAbandonedServers(root: string): Promise<void> {
  const entries = await fs.readdir(root).catch(() => [] as string[]);
  for (const entry of entries.filter((e) => e.startsWith("pg-"))) {
    const owner = Number(entry.split("-")[1]);
    if (owner > 0 && processAlive(owner)) continue; // another test run in progress
    const pidFile = path.join(root, entry, "postmaster.pid");
    const postmaster = Number((await fs.readFile(pidFile, "utf8").catch(() => "")).split("\n")[0]);
    if (postmaster > 0 && processAlive(postmaster)) process.kill(postmaster, "SIGINT"); // fast shutdown of an orphaned server
    await fs.rm(path.join(root, entry), { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (external) {
    await prepareTemplateDatabase(external);
    project.provide("clickloopTestServerUrl", external);
    return async () => {};
  }
  await removeAbandonedServers(path.resolve(".test-data"));
  const dataDir = path.resolve(".test-data", `pg-${process.pid}-${randomBytes(3).toString("hex")}`);
  const server = await startEmbeddedPostgres({ dataDir, ephemeral: true });
  await prepareTemplateDatabase(server.url);
  project.provide("clickloopTestServerUrl", server.url);
  return () => server.stop();
}
