// pnpm bench:campaign --data <folder> [--strategies uncertainty,random] [--batch 20] [--rounds 8] [--seeds 1,2]
//   [--steps 40] [--val 40] [--pool N] [--cached-pool] [--negatives 0] [--threads 1] [--hd95] [--name campaign]
//   [--cache <dir>] [--out <dir>]
// Simulated annotation campaign (docs/method.md §5) with the product's code: the queue order and scoring of
// @clickloop/sam/active-learning, sam-tf's training round with the worker's settings and publish
// gate, the docs/method.md §4 click simulator as the annotator (from the pre-annotation, until IoU ≥ 0.90,
// cap 20). Pool = the folder's train split, validation = its test split (never served).
// Strategies include `uncertainty:<part>` (one score part only: the ablation). Writes
// bench/results/<name>.json and bench/results/<name>.svg; embeddings come from the shared cache.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { splitOf } from "@clickloop/sam";
import { meanPoolEmbedding, UNCERTAINTY_PARTS } from "@clickloop/sam/active-learning";
import { createImageEmbedder, minisamModelPaths, modelFileId } from "@clickloop/sam/node";
import { selectBackend } from "@clickloop/sam-tf";
import { createRng, listFolderIds, loadFolderSamples, resolveTrainSettings, shuffle } from "@clickloop/sam-tf/train";
import { BENCH_RESULTS_DIR, parseBenchArgs, writeBenchReport } from "@clickloop/sam/bench";
import { trainRoundOptionsFromEnv } from "../../src/training/env-settings";
import { learningCurvesSvg, type CurveSeries } from "./curves-svg";
import { parseStrategy, runCampaign, type CampaignData, type CampaignResult, type PoolImage } from "./loop";

const args = parseBenchArgs();
const dataDir = args.get("data");
if (!dataDir) {
  console.error("usage: pnpm bench:campaign --data <folder> [--strategies uncertainty,random] [--batch 20] [--rounds 8] [--seeds 1,2] [--steps 40] [--val 40] [--pool N]");
  process.exit(2);
}
const intArg = (name: string, fallback: number): number => {
  const value = Number(args.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
  return value;
};
const strategies = (args.get("strategies") ?? "uncertainty,random").split(",").map((s) => parseStrategy(s.trim()));
const seeds = (args.get("seeds") ?? "1,2").split(",").map((s) => Number(s));
if (seeds.some((s) => !Number.isInteger(s))) throw new Error("--seeds must be integers");
const config = {
  data: path.basename(path.resolve(dataDir)),
  strategies,
  seeds,
  batch: Math.max(1, intArg("batch", 20)),
  rounds: intArg("rounds", 8),
  stepsPerRound: Math.max(1, intArg("steps", 40)),
  validationImages: intArg("val", 40),
  poolLimit: args.has("pool") ? intArg("pool", 0) : null,
  cachedPool: args.has("cached-pool"),
  negatives: intArg("negatives", 0),
  threads: Math.max(1, intArg("threads", 1)),
  targetIou: 0.9,
  clickCap: 20,
  withHd95: args.get("hd95") === "true",
};
const name = args.get("name") ?? "campaign";
const resultsDir = args.has("out") ? path.resolve(args.get("out") as string) : BENCH_RESULTS_DIR.pathname;
const repoRoot = path.resolve(new URL("../../../..", import.meta.url).pathname);
const cacheDir = path.resolve(args.get("cache") ?? path.join(repoRoot, ".data/cache/embeddings"));
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

// The worker's round settings (sam-tf defaults + the worker's env overrides), evaluation as the worker runs it.
const workerOptions = trainRoundOptionsFromEnv();
const evaluation = { ...workerOptions.evaluation, withHd95: config.withHd95 };

// docs/method.md §4 split. Subsamples (pool, validation) use a fixed seed so every strategy and seed sees the same sets.
const ids = await listFolderIds(dataDir);
const trainIds = ids.filter((id) => splitOf(id) === "train");
const testIds = ids.filter((id) => splitOf(id) === "test");
const encoderPath = minisamModelPaths().encoder;
const encoder = { encoderId: await modelFileId(encoderPath), open: () => createImageEmbedder({ threads: config.threads }) };
/** Whether loadFolderSamples would find the id's embedding in the cache (same file name rule). */
async function isCached(id: string): Promise<boolean> {
  const bytes = await readFile(path.join(dataDir as string, "images", `${id}.png`));
  return existsSync(path.join(cacheDir, encoder.encoderId, `${id}-${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}.f32`));
}
// --cached-pool: draw the pool only from images whose embedding is cached already (a shared machine
// where the cache is still being filled; the fill order is not the pool's, so the draw stays random).
const candidates = args.has("cached-pool") ? (await Promise.all(trainIds.map(async (id) => ((await isCached(id)) ? id : null)))).filter((id) => id !== null) : trainIds;
const poolIds = config.poolLimit === null ? candidates : shuffle([...candidates], createRng(101)).slice(0, config.poolLimit).sort();
const valIds = shuffle([...testIds], createRng(202)).slice(0, config.validationImages || testIds.length).sort();
log(`${ids.length} images: pool ${poolIds.length} of ${candidates.length}${args.has("cached-pool") ? " cached" : ""} of ${trainIds.length} train, validation ${valIds.length} of ${testIds.length} test`);

const progress = (what: string) => (done: number, total: number, cached: boolean) => {
  if (done % 50 === 0 || done === total || !cached) log(`${what}: ${done}/${total}${cached ? "" : " (encoded)"}`);
};
const validation = await loadFolderSamples(dataDir, valIds, encoder, cacheDir, progress("validation embeddings"));
const pool: PoolImage[] = [];
for (const [i, id] of poolIds.entries()) {
  const [sample] = await loadFolderSamples(dataDir, [id], encoder, cacheDir);
  if (!sample) throw new Error(`no sample for ${id}`);
  pool.push({ id, width: sample.width, height: sample.height, mask: sample.mask, pooled: meanPoolEmbedding(sample.embedding, sample) });
  if ((i + 1) % 100 === 0 || i + 1 === poolIds.length) log(`pool: ${i + 1}/${poolIds.length}`);
}
const data: CampaignData = {
  pool,
  validation,
  loadEmbedding: async (id) => {
    const [sample] = await loadFolderSamples(dataDir, [id], encoder, cacheDir);
    if (!sample) throw new Error(`no sample for ${id}`);
    return sample.embedding;
  },
};

const backend = await selectBackend({ log });
const campaigns: CampaignResult[] = [];
/** Campaigns in progress, by strategy (reported as partial after each of their rounds). */
const current = new Map<string, CampaignResult>();
const reported = (): CampaignResult[] => [...campaigns, ...current.values()];

// ---- report -------------------------------------------------------------------------------------
const meanOf = (values: readonly number[]) => {
  const f = values.filter(Number.isFinite);
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : Number.NaN;
};
const fmt = (v: number, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : "-");

function table(): string[] {
  const lines = [
    "| strategy | round | labelled | clicks/mask | 0-click | Dice@1 | Dice@3 | Dice@5 | NoC@90 | published | seconds |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const strategy of strategies) {
    const runs = reported().filter((c) => c.strategy === strategy);
    if (runs.length === 0) continue;
    const base = runs.map((r) => r.baseValidation).filter((b) => b !== null);
    lines.push(`| ${strategy} | base | 0 | - | - | ${fmt(meanOf(base.map((b) => b.dice1)))} | ${fmt(meanOf(base.map((b) => b.dice3)))} | ${fmt(meanOf(base.map((b) => b.dice5)))} | ${fmt(meanOf(base.map((b) => b.noc90)), 2)} | - | - |`);
    const roundCount = Math.max(...runs.map((r) => r.rounds.length));
    for (let k = 0; k < roundCount; k++) {
      const rows = runs.map((r) => r.rounds[k]).filter((r) => r !== undefined);
      const v = rows.map((r) => r.validation).filter((x) => x !== null);
      lines.push(
        `| ${strategy} | ${k} | ${fmt(meanOf(rows.map((r) => r.labelledAfter)), 0)} | ${fmt(meanOf(rows.map((r) => r.annotation.clicksPerMask)), 2)} | ${fmt(meanOf(rows.map((r) => r.annotation.zeroClickAccepts)), 1)} | ${fmt(meanOf(v.map((x) => x.dice1)))} | ${fmt(meanOf(v.map((x) => x.dice3)))} | ${fmt(meanOf(v.map((x) => x.dice5)))} | ${fmt(meanOf(v.map((x) => x.noc90)), 2)} | ${rows.filter((r) => r.training?.published).length}/${rows.filter((r) => r.training).length} | ${fmt(meanOf(rows.map((r) => r.seconds.total)), 0)} |`,
      );
    }
  }
  return lines;
}

/** Per strategy, per labelled count: Dice@1 per seed (base at 0) and clicks per mask per seed (at the count before the batch). */
function curves(): { dice: CurveSeries[]; clicks: CurveSeries[] } {
  const dice: CurveSeries[] = [];
  const clicks: CurveSeries[] = [];
  for (const strategy of strategies) {
    const runs = reported().filter((c) => c.strategy === strategy);
    if (runs.length === 0) continue;
    const d = new Map<number, number[]>();
    const c = new Map<number, number[]>();
    const add = (m: Map<number, number[]>, x: number, y: number) => m.set(x, [...(m.get(x) ?? []), y]);
    for (const run of runs) {
      if (run.baseValidation) add(d, 0, run.baseValidation.dice1);
      for (const r of run.rounds) {
        if (r.validation) add(d, r.labelledAfter, r.validation.dice1);
        add(c, r.labelledBefore, r.annotation.clicksPerMask);
      }
    }
    const points = (m: Map<number, number[]>) => [...m].map(([x, values]) => ({ x, values })).sort((a, b) => a.x - b.x);
    dice.push({ name: strategy, points: points(d) });
    clicks.push({ name: strategy, points: points(c) });
  }
  return { dice, clicks };
}

function summary(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const { dice, clicks } = curves();
  for (const strategy of strategies) {
    const runs = reported().filter((c) => c.strategy === strategy);
    if (runs.length === 0) continue;
    const clickCurve = clicks.find((s) => s.name === strategy)?.points ?? [];
    const c0 = meanOf(clickCurve[0]?.values ?? []);
    const c5 = clickCurve[5] ? meanOf(clickCurve[5].values) : Number.NaN;
    const diceCurve = (dice.find((s) => s.name === strategy)?.points ?? []).map((p) => ({ labelled: p.x, dice1: meanOf(p.values) }));
    const signals = runs.flatMap((r) => r.rounds.map((x) => x.signal).filter((s) => s !== null));
    out[strategy] = {
      clicksRound0: c0,
      clicksRound5: c5,
      clicksDropRound0To5: Number.isFinite(c5) ? (c0 - c5) / c0 : null,
      finalDice1: diceCurve.at(-1)?.dice1 ?? null,
      diceCurve,
      published: runs.reduce((a, r) => a + r.published, 0),
      rejected: runs.reduce((a, r) => a + r.rejected, 0),
      meanSpearmanWithPreAnnotationError: signals.length
        ? Object.fromEntries([...UNCERTAINTY_PARTS, "combined", "negPrototypeSimilarity"].map((k) => [k, meanOf(signals.map((s) => s[k as keyof typeof s] as number))]))
        : null,
    };
  }
  // "uncertainty reaches random's final Dice@1 with ≤ 70% of the labels"
  const random = out.random as { finalDice1: number | null; diceCurve: { labelled: number; dice1: number }[] } | undefined;
  if (random?.finalDice1 != null) {
    const randomLabels = random.diceCurve.at(-1)?.labelled ?? Number.NaN;
    for (const strategy of strategies.filter((s) => s !== "random")) {
      const entry = out[strategy] as ({ diceCurve: { labelled: number; dice1: number }[] } & Record<string, unknown>) | undefined;
      if (!entry) continue;
      const reached = entry.diceCurve.find((p) => p.dice1 >= (random.finalDice1 as number));
      entry.labelsToReachRandomFinalDice1 = reached?.labelled ?? null;
      entry.fractionOfRandomLabels = reached ? reached.labelled / randomLabels : null;
    }
  }
  return out;
}

function report(complete: boolean): void {
  const lines = table();
  const { dice, clicks } = curves();
  const caption = `${config.data}: pool ${pool.length}, validation ${validation.length}, batch ${config.batch}, ${config.rounds} rounds, ${config.stepsPerRound} steps/round, seeds ${seeds.join(",")}; band = min..max over seeds${complete ? "" : " (partial)"}`;
  const svg = learningCurvesSvg(
    [
      { title: "Validation Dice@1", xLabel: "labelled images", yLabel: "Dice after 1 click", series: dice },
      { title: "Annotation cost", xLabel: "labelled images (before the batch)", yLabel: "clicks per accepted mask", series: clicks },
    ],
    caption,
  );
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${name}.svg`), svg);
  const file = writeBenchReport(resultsDir, name, {
    complete,
    backend,
    config: { ...config, poolImages: pool.length, validationIds: valIds },
    productSettings: { train: resolveTrainSettings(workerOptions.train), evaluation, tolerance: "sam-tf default (not worse on mIoU@3 and NoC@90)" },
    protocol: {
      split: "FNV-1a-32(id) mod 5 == 0 → validation (never served), else pool",
      annotator: "docs/method.md §4 click simulator on the deployed single-mask decoder, from the pre-annotation (its auto clicks kept, its logits fed back) until IoU ≥ 0.90, cap 20 (counted when not reached); the accepted mask is the ground truth",
      round: "every batch accepted masks: trainRound on a seeded draw of min(labelled, steps) labelled images (one epoch, the product's settings, seed = campaign seed), gate, publish; then the prototype is updated from all accepted masks and (uncertainty strategies) every unlabeled image is re-scored with the deployed multimask decoder",
      clicksCurve: "clicks per accepted mask of the batch served when `labelledBefore` images were labelled (round 0 = base model, no prototype: cold start)",
      signal: "per re-scoring: Spearman ρ between each part (and the combined score) and the pre-annotation's error 1 − IoU over all scored unlabeled images",
    },
    summary: summary(),
    table: lines,
    campaigns: reported(),
  });
  if (complete) console.log(lines.join("\n"));
  log(`wrote ${path.relative(repoRoot, file)} and ${name}.svg${complete ? "" : " (partial)"}`);
}

// Per seed, the strategies run concurrently in this process (their decoder runs and training steps
// interleave), so machine load affects them alike and partial reports compare them round by round.
for (const seed of seeds) {
  log(`campaigns ${strategies.join(", ")}, seed ${seed}`);
  const results = await Promise.all(
    strategies.map((strategy) =>
      runCampaign(data, {
        strategy,
        seed,
        batch: config.batch,
        rounds: config.rounds,
        stepsPerRound: config.stepsPerRound,
        train: workerOptions.train ?? {},
        evaluation,
        negatives: config.negatives,
        targetIou: config.targetIou,
        clickCap: config.clickCap,
        threads: config.threads,
        log,
        onRound: (partial) => {
          current.set(strategy, partial);
          report(false);
        },
      }),
    ),
  );
  current.clear();
  campaigns.push(...results);
  report(false);
}
report(true);
console.log(JSON.stringify(summary(), (_, v: unknown) => (typeof v === "number" ? Number(v.toFixed(4)) : v), 2));
