// pnpm bench:round [--sizes 100,1000,10000] [--budget 8] [--validation 4] [--name round]
// A training round through the worker's code path (database rows → split → streamed samples →
// trainRound → artifacts + version row) on projects of growing size, each in its own process so its
// peak RSS is its own. Synthetic data: the accepted masks and embeddings reuse 8 stored phantom masks
// and 8 random embeddings (the round cannot tell), so a 10,000-mask project fits on a laptop disk.
// Shows that a round's time and memory stay flat: a fixed step budget, a fixed scored validation
// subset, and samples read from storage one at a time. Writes bench/results/<name>.json.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { annotations, createDb, embeddings, images, migrateDb, projects } from "@clickloop/db";
import { startEmbeddedPostgres } from "@clickloop/db/embedded";
import { encodeEmbedding } from "@clickloop/sam";
import { LocalStorage } from "@clickloop/storage";
import { phantomPng } from "@clickloop/phantom/node";
import { startTrainingRound } from "@clickloop/api";
import type { JobPayload, JobQueue, QueueName } from "@clickloop/api/jobs";
import { runTrainRound } from "../src/jobs/train-round";
import { defaultEmbedder } from "../src/training/embedder";
import { parseBenchArgs, writeBenchReport, BENCH_RESULTS_DIR } from "@clickloop/sam/bench";

const args = parseBenchArgs();
const budget = Number(args.get("budget") ?? 8);
const maxValidation = Number(args.get("validation") ?? 4);
const DISTINCT = 8;
const WIDTH = 256;
const HEIGHT = 192;

class NullJobQueue implements JobQueue {
  async send<Q extends QueueName>(_name: Q, _payload: JobPayload<Q>): Promise<string> {
    return randomUUID();
  }
}

interface SizeResult {
  masks: number;
  seconds: { total: number; toFirstStep: number; training: number; afterTraining: number; seeding: number };
  peakRssMiB: number;
  trainCount: number;
  valCount: number;
  scoredValidation: number;
  steps: number;
  outcome: string;
  /** What the round held in memory before streaming: one float32 embedding + mask per accepted mask. */
  heldBeforeStreamingMiB: number;
}

async function runOneSize(masks: number): Promise<SizeResult> {
  // Under the repository (ignored), as the test database does: embedded Postgres's own user must reach it.
  const dir = path.resolve(".test-data", `bench-round-${process.pid}-${randomUUID().slice(0, 6)}`);
  await fs.mkdir(dir, { recursive: true });
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), ephemeral: true });
  try {
    await pg.createDatabase("bench");
    const db = createDb(pg.urlFor("bench"), { max: 4 });
    await migrateDb(db);
    const storage = new LocalStorage(path.join(dir, "storage"));
    const seedStart = performance.now();
    const [project] = await db.insert(projects).values({ name: `Round ${masks}`, targetLabel: "lesion" }).returning();
    const projectId = project!.id;
    const encoderId = await defaultEmbedder().encoderId();
    const maskKeys: string[] = [];
    const embeddingKeys: string[] = [];
    for (let k = 0; k < DISTINCT; k++) {
      const { mask } = await phantomPng({ seed: 500 + k, width: WIDTH, height: HEIGHT, lesions: 1 });
      maskKeys.push(`projects/${projectId}/masks/bench-${k}.png`);
      await storage.put(maskKeys[k]!, mask);
      let state = 1 + k;
      const values = Float32Array.from({ length: 256 * 64 * 64 }, () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.4);
      embeddingKeys.push(`projects/${projectId}/embeddings/${encoderId}/bench-${k}.bin`);
      await storage.put(embeddingKeys[k]!, encodeEmbedding(values, "float16"));
    }
    for (let start = 0; start < masks; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, masks - start) }, (_, j) => {
        const i = start + j;
        return { id: randomUUID(), projectId, sha256: `bench${String(i).padStart(60, "0")}`, storageKey: `projects/${projectId}/images/none.png`, width: WIDTH, height: HEIGHT, mime: "image/png", byteSize: 1, originalName: `case_${i}.png`, status: "accepted" as const };
      });
      await db.insert(images).values(rows);
      await db.insert(annotations).values(rows.map((r, j) => ({ imageId: r.id, projectId, status: "accepted" as const, source: "imported" as const, maskKey: maskKeys[(start + j) % DISTINCT]!, maskArea: 1 })));
      await db.insert(embeddings).values(rows.map((r, j) => ({ imageId: r.id, encoderId, storageKey: embeddingKeys[(start + j) % DISTINCT]!, shape: [1, 256, 64, 64], dtype: "float16", byteSize: 2 * 256 * 64 * 64 })));
    }
    const seeding = (performance.now() - seedStart) / 1000;

    const jobs = new NullJobQueue();
    const ctx = { db, storage, jobs, log: () => {} };
    const { run } = await startTrainingRound(ctx, { projectId, trigger: "manual", requestedBy: null });
    const started = performance.now();
    let firstStepAt: number | null = null;
    let lastStepAt = started;
    const outcome = await runTrainRound({ projectId, runId: run.id }, ctx, {
      train: { stepBudget: budget, mode: "adapter" },
      evaluation: { reportedClicks: 3, nocCap: 3, withHd95: false },
      tolerance: { miou3: 1, noc90: 100 },
      maxValidation,
      onTrainProgress: () => {
        firstStepAt ??= performance.now();
        lastStepAt = performance.now();
      },
    });
    const total = (performance.now() - started) / 1000;
    if (outcome.outcome === "failed" || outcome.outcome === "skipped") throw new Error(`round ${outcome.outcome}: ${JSON.stringify(outcome)}`);
    await db.$client.end();
    return {
      masks,
      seconds: { total, toFirstStep: ((firstStepAt ?? started) - started) / 1000, training: outcome.result.training.elapsedMs / 1000, afterTraining: (performance.now() - lastStepAt) / 1000, seeding },
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      trainCount: outcome.run.trainCount ?? 0,
      valCount: outcome.run.valCount ?? 0,
      scoredValidation: outcome.result.metrics.candidate.images,
      steps: outcome.result.training.steps,
      outcome: outcome.outcome,
      heldBeforeStreamingMiB: Math.round((masks * (256 * 64 * 64 * 4 + WIDTH * HEIGHT)) / 2 ** 20),
    };
  } finally {
    await pg.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (args.has("child")) {
  const result = await runOneSize(Number(args.get("child")));
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
}

const sizes = (args.get("sizes") ?? "100,1000,10000").split(",").map(Number);
const self = fileURLToPath(import.meta.url);
const results: SizeResult[] = [];
for (const masks of sizes) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] round over ${masks} accepted masks (budget ${budget} steps, ${maxValidation} scored validation images)`);
  const out = execFileSync(process.execPath, ["--import", "tsx", self, "--child", String(masks), "--budget", String(budget), "--validation", String(maxValidation)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 });
  const line = out.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`no result for ${masks}`);
  results.push(JSON.parse(line.slice("RESULT ".length)) as SizeResult);
}
const table = [
  "| accepted masks | train / validation | scored | steps | round s | to first step s | training s | after training s | peak RSS MiB | held before streaming MiB |",
  "|---|---|---|---|---|---|---|---|---|---|",
  ...results.map((r) => `| ${r.masks} | ${r.trainCount} / ${r.valCount} | ${r.scoredValidation} | ${r.steps} | ${r.seconds.total.toFixed(1)} | ${r.seconds.toFirstStep.toFixed(1)} | ${r.seconds.training.toFixed(1)} | ${r.seconds.afterTraining.toFixed(1)} | ${r.peakRssMiB} | ${r.heldBeforeStreamingMiB} |`),
];
console.log(table.join("\n"));
const file = writeBenchReport(BENCH_RESULTS_DIR, args.get("name") ?? "round", { budget, maxValidation, distinctSamples: DISTINCT, imageSize: [WIDTH, HEIGHT], results, table });
console.log(`wrote ${file}`);
