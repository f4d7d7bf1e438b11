// Load: N simulated annotators against the real server (the production build under `next start`
// on 127.0.0.1) and its PostgreSQL, over HTTP with the web client's tRPC + superjson. Each one
// loops: queue.next → a few autosaves 2.5 s apart (saveDraft) → submit, until the time is up.
// Reports p50/p95 per call, errors by code, and checks at the end that every submit the server
// confirmed is stored (row accepted, mask file present).
//
//   pnpm bench:load [--seconds 300] [--annotators 50]
//
// Runs under vitest (bench-load.vitest.config.ts) for the harness's database server; the worker is
// off (no training rounds or embeddings competing for the CPU). Writes bench/results/load.json.
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { sql } from "drizzle-orm";
import superjson from "superjson";
import { it } from "vitest";
import type { AppRouter } from "@clickloop/api";
import { createPasswordUser, encodeMaskRle } from "@clickloop/api";
import { createDbSessionCodec, hashPassword } from "@clickloop/auth/core";
import { annotations, images, memberships, projects } from "@clickloop/db";
import { LocalStorage } from "@clickloop/storage";
import { BENCH_RESULTS_DIR, percentile, writeBenchReport } from "@clickloop/sam/bench";
import { startApp, type RunningApp } from "./harness";

const AUTOSAVE_MS = 2_500;
const SIDE = 256;

type Call = "queue.next" | "annotation.saveDraft" | "annotation.submit";

interface Recorder {
  timings: Record<Call, number[]>;
  errors: Record<string, number>;
  submitted: Map<string, number>; // annotation id → version the server returned
}

async function timed<T>(rec: Recorder, call: Call, fn: () => Promise<T>): Promise<T | null> {
  const start = performance.now();
  try {
    const value = await fn();
    rec.timings[call].push(performance.now() - start);
    return value;
  } catch (error) {
    const code = error instanceof TRPCClientError ? String((error.data as { code?: string } | undefined)?.code ?? error.message) : String(error);
    rec.errors[`${call}: ${code}`] = (rec.errors[`${call}: ${code}`] ?? 0) + 1;
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A filled rectangle that grows with each save, so every write stores a new mask. */
function mask(step: number, seed: number) {
  const data = new Uint8Array(SIDE * SIDE);
  const x0 = 20 + (seed % 50);
  const size = 40 + step * 12;
  for (let y = 30; y < 30 + size; y++) for (let x = x0; x < x0 + size; x++) data[y * SIDE + x] = 1;
  return encodeMaskRle(data, SIDE, SIDE);
}

async function seed(app: RunningApp, annotatorCount: number, imageCount: number) {
  const db = app.database.db;
  const [project] = await db
    .insert(projects)
    .values({ name: "Load", targetLabel: "lesion", settings: { requireReview: false, autoTrainThreshold: 100_000 } })
    .returning();
  const passwordHash = await hashPassword("load test password");
  const codec = createDbSessionCodec(db);
  const annotators: { id: string; cookie: string }[] = [];
  for (let i = 0; i < annotatorCount; i++) {
    const user = await createPasswordUser(db, { email: `load${i}@bench.test`, name: `Load ${i}`, password: "unused", passwordHash });
    await db.insert(memberships).values({ projectId: project!.id, userId: user.id, role: "annotator" });
    // A real database session, as sign-in creates (sign-in itself is not what is measured).
    annotators.push({ id: user.id, cookie: `authjs.session-token=${await codec.encode({ token: { sub: user.id } })}` });
  }
  // Image rows only: none of the measured calls reads the image file.
  const base = Date.now() - imageCount * 1000;
  for (let i = 0; i < imageCount; i += 500) {
    const rows = Array.from({ length: Math.min(500, imageCount - i) }, (_, j) => ({
      projectId: project!.id,
      sha256: `load-${i + j}-${crypto.randomUUID()}`,
      storageKey: `bench/none-${i + j}.png`,
      width: SIDE,
      height: SIDE,
      mime: "image/png",
      byteSize: 1,
      originalName: `load-${i + j}.png`,
      createdAt: new Date(base + (i + j) * 1000),
    }));
    await db.insert(images).values(rows);
  }
  return { projectId: project!.id, annotators };
}

async function annotator(baseUrl: string, projectId: string, cookie: string, index: number, deadline: number, rec: Recorder): Promise<number> {
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl}/api/trpc`, transformer: superjson, headers: () => ({ cookie }) })],
  });
  let finished = 0;
  // Stagger the start so 50 annotators do not move in lock-step.
  await sleep((index * 97) % AUTOSAVE_MS);
  while (Date.now() < deadline) {
    const next = await timed(rec, "queue.next", () => client.queue.next.mutate({ projectId }));
    if (!next?.item) break;
    const imageId = next.item.image.id;
    let version: number | null = next.item.annotation?.status === "draft" ? next.item.annotation.version : null;
    const saves = 2 + ((index + finished) % 3);
    for (let step = 0; step < saves && Date.now() < deadline; step++) {
      await sleep(AUTOSAVE_MS);
      const saved = await timed(rec, "annotation.saveDraft", () =>
        client.annotation.saveDraft.mutate({ projectId, imageId, expectedVersion: version, mask: mask(step, index), clicks: [{ x: 40, y: 40, positive: true, t: step * AUTOSAVE_MS }], box: null, modelVersionId: "base", modelSha256: null, timeSpentMs: (step + 1) * AUTOSAVE_MS, clickCount: step + 1 }),
      );
      if (saved) version = saved.version;
    }
    if (Date.now() >= deadline) break;
    const done = await timed(rec, "annotation.submit", () =>
      client.annotation.submit.mutate({ projectId, imageId, expectedVersion: version, mask: mask(saves, index), clicks: [{ x: 40, y: 40, positive: true, t: 0 }], box: null, modelVersionId: "base", modelSha256: null, timeSpentMs: saves * AUTOSAVE_MS, clickCount: saves }),
    );
    if (done) {
      rec.submitted.set(done.id, done.version);
      finished++;
    }
  }
  return finished;
}

async function main() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 300);
  const annotatorCount = Number(process.env.BENCH_ANNOTATORS ?? 50);
  const app = await startApp({ worker: false });
  try {
    // Enough images that nobody runs out: one per 5 s per annotator is more than the loop can use.
    const imageCount = Math.ceil((annotatorCount * seconds) / 5) + annotatorCount;
    const { projectId, annotators } = await seed(app, annotatorCount, imageCount);
    const rec: Recorder = { timings: { "queue.next": [], "annotation.saveDraft": [], "annotation.submit": [] }, errors: {}, submitted: new Map() };
    console.log(`${annotatorCount} annotators for ${seconds} s against ${app.baseUrl} (${imageCount} images)`);
    const started = Date.now();
    const deadline = started + seconds * 1000;
    const finishedPer = await Promise.all(annotators.map((a, i) => annotator(app.baseUrl, projectId, a.cookie, i, deadline, rec)));
    const elapsedS = (Date.now() - started) / 1000;

    // Every submit the server confirmed is in the database, accepted, with its mask file.
    const db = app.database.db;
    const stored = await db
      .select({ id: annotations.id, status: annotations.status, version: annotations.version, maskKey: annotations.maskKey })
      .from(annotations)
      .where(sql`${annotations.projectId} = ${projectId} and ${annotations.status} in ('submitted', 'accepted')`);
    const byId = new Map(stored.map((r) => [r.id, r]));
    const storage = new LocalStorage(app.storageDir);
    let missing = 0;
    let maskFilesMissing = 0;
    for (const [id, version] of rec.submitted) {
      const row = byId.get(id);
      if (!row || row.version !== version || row.status !== "accepted") missing++;
      else if (!row.maskKey || !(await storage.head(row.maskKey))) maskFilesMissing++;
    }
    const [{ drafts } = { drafts: 0 }] = await db
      .select({ drafts: sql<number>`count(*)::int` })
      .from(annotations)
      .where(sql`${annotations.projectId} = ${projectId} and ${annotations.status} = 'draft'`);

    const calls = Object.fromEntries(
      (Object.entries(rec.timings) as [Call, number[]][]).map(([call, ms]) => [
        call,
        { n: ms.length, p50Ms: Math.round(percentile(ms, 50) * 10) / 10, p95Ms: Math.round(percentile(ms, 95) * 10) / 10, maxMs: Math.round(Math.max(...ms, 0)), perSecond: Math.round((ms.length / elapsedS) * 10) / 10 },
      ]),
    );
    const results = {
      args: { seconds, annotators: annotatorCount, autosaveMs: AUTOSAVE_MS, imageSide: SIDE, worker: "off" },
      elapsedS: Math.round(elapsedS * 10) / 10,
      calls,
      errors: rec.errors,
      submits: { confirmedByServer: rec.submitted.size, storedAccepted: stored.length, missingOrDifferent: missing, maskFilesMissing, perAnnotator: { min: Math.min(...finishedPer), max: Math.max(...finishedPer) } },
      draftsLeftOpen: drafts,
    };
    console.table(Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, v])));
    console.log(JSON.stringify({ errors: rec.errors, submits: results.submits, draftsLeftOpen: drafts }, null, 2));
    const file = writeBenchReport(BENCH_RESULTS_DIR, "load", results);
    console.log(`wrote ${file}`);
    if (missing > 0 || maskFilesMissing > 0) throw new Error(`lost submissions: ${missing} missing, ${maskFilesMissing} mask files missing (${stored.length} stored, ${rec.submitted.size} confirmed)`);
  } finally {
    await app.stop();
  }
}

it("load: simulated annotators against the real server", main);
