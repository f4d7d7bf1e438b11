// Zero-shot MobileSAM on a data folder with the docs/method.md §4 protocol.
// Usage: pnpm bench:zeroshot --data <folder> [--split test|train|all] [--limit N] [--threads 2]
//        [--decoder <onnx>] [--out <dir>] [--name zeroshot]
// With a multimask decoder (`masks [1,3,H,W]`) the oracle (best of 3 by true IoU) is reported too.
import { z } from "zod";
import {
  decodeMask,
  dice,
  encodeImage,
  hd95,
  iou,
  logitsToMask,
  numberOfClicks,
  oracleCandidate,
  preprocessImage,
  PROMPT_MODES,
  promptsForMode,
  runInteractive,
  uniteMasks,
  type BinaryMask,
  type CandidateSelection,
  type DecoderPrompt,
  type ImageEmbedding,
  type PromptMode,
  type SessionWithRuntime,
  type Size,
} from "../src/index";
import { createNodeSession, decodeImageToRgb, decodeMaskImage, minisamModelPaths, modelFileId } from "../src/node/index";
import { listDatasetIds, readDatasetItem } from "./dataset";
import { meanStd, parseBenchArgs, writeBenchReport, BENCH_RESULTS_DIR } from "./report";

const argsSchema = z.object({
  data: z.string().min(1),
  split: z.enum(["all", "test", "train"]).default("test"),
  limit: z.coerce.number().int().positive().optional(),
  threads: z.coerce.number().int().positive().default(2),
  decoder: z.string().optional(),
  out: z.string().optional(),
  /** Result file name (`<name>.json`), e.g. zeroshot-multimask for a run with `--decoder`. */
  name: z.string().regex(/^[\w.-]+$/).default("zeroshot"),
});

const REPORT_CLICKS = [1, 3, 5] as const;
const CURVE_CLICKS = 10;
const NOC_CAP = 20;

interface RunMetrics {
  /** Per click 1..10. */
  ious: number[];
  dices: number[];
  hd95s: number[];
  noc85: number;
  noc90: number;
  modes: Record<string, { iou: number; dice: number; hd95: number }>;
}

interface ImageResult extends RunMetrics {
  id: string;
  width: number;
  height: number;
  oracle?: RunMetrics;
}

async function interactive(truth: BinaryMask, decode: (p: DecoderPrompt) => ReturnType<typeof decodeMask>, selection: CandidateSelection) {
  const run = await runInteractive(truth, decode, { maxClicks: NOC_CAP, stopAtIou: 0.9, minClicks: CURVE_CLICKS, selection, withHd95: true, hd95MaxClicks: CURVE_CLICKS });
  return {
    ious: run.ious.slice(0, CURVE_CLICKS),
    dices: run.dices.slice(0, CURVE_CLICKS),
    hd95s: run.hd95s.slice(0, CURVE_CLICKS),
    noc85: numberOfClicks(run.ious, 0.85, NOC_CAP),
    noc90: numberOfClicks(run.ious, 0.9, NOC_CAP),
  };
}

async function promptModes(truth: BinaryMask, size: Size, decode: (p: DecoderPrompt) => ReturnType<typeof decodeMask>, selection: CandidateSelection) {
  const modes: Record<string, { iou: number; dice: number; hd95: number }> = {};
  for (const mode of PROMPT_MODES) {
    const masks: BinaryMask[] = [];
    for (const prompt of promptsForMode(mode, truth)) {
      const out = await decode(prompt);
      const index = selection === "oracle" ? oracleCandidate(out, truth).index : out.best;
      masks.push(logitsToMask(out.masks[index] as Float32Array, size));
    }
    const mask = uniteMasks(masks, size.width, size.height);
    modes[mode] = { iou: iou(mask, truth), dice: dice(mask, truth), hd95: hd95(mask, truth) };
  }
  return modes;
}

async function evaluateImage(id: string, encoder: SessionWithRuntime, decoder: SessionWithRuntime, dataDir: string): Promise<ImageResult | null> {
  const item = await readDatasetItem(dataDir, id);
  const image = await decodeImageToRgb(item.image);
  const truth = await decodeMaskImage(item.mask);
  if (truth.width !== image.width || truth.height !== image.height) {
    console.warn(`skip ${id}: mask ${truth.width}x${truth.height} ≠ image ${image.width}x${image.height}`);
    return null;
  }
  if (!truth.data.some((v) => v)) {
    console.warn(`skip ${id}: empty mask`);
    return null;
  }
  const size = { width: image.width, height: image.height };
  const embedding: ImageEmbedding = await encodeImage(encoder, preprocessImage(image));
  const decode = (prompt: DecoderPrompt) => decodeMask(decoder, embedding, prompt, size);
  const result: ImageResult = { id, ...size, ...(await interactive(truth, decode, "predicted")), modes: await promptModes(truth, size, decode, "predicted") };
  const probe = await decode({ clicks: [{ x: 0, y: 0, label: 1 }] });
  if (probe.masks.length > 1) {
    result.oracle = { ...(await interactive(truth, decode, "oracle")), modes: await promptModes(truth, size, decode, "oracle") };
  }
  return result;
}

type Stat = { mean: number; std: number; n: number };
const fmt = (s: Stat, digits = 4) => `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`;

function summarise(results: ImageResult[], pick: (r: ImageResult) => RunMetrics | undefined) {
  const rows = results.map(pick).filter((r): r is NonNullable<typeof r> => r !== undefined);
  if (rows.length === 0) return null;
  const at = (k: number, key: "ious" | "dices" | "hd95s") => meanStd(rows.map((r) => r[key][k - 1] as number));
  const perClick = Array.from({ length: CURVE_CLICKS }, (_, i) => ({ clicks: i + 1, iou: at(i + 1, "ious"), dice: at(i + 1, "dices") }));
  return {
    images: rows.length,
    clicks: Object.fromEntries(REPORT_CLICKS.map((k) => [k, { dice: at(k, "dices"), iou: at(k, "ious"), hd95: at(k, "hd95s") }])),
    perClick,
    noc85: meanStd(rows.map((r) => r.noc85)),
    noc90: meanStd(rows.map((r) => r.noc90)),
    modes: Object.fromEntries(
      PROMPT_MODES.map((mode: PromptMode) => [
        mode,
        {
          dice: meanStd(rows.map((r) => r.modes[mode]?.dice ?? Number.NaN)),
          iou: meanStd(rows.map((r) => r.modes[mode]?.iou ?? Number.NaN)),
          hd95: meanStd(rows.map((r) => r.modes[mode]?.hd95 ?? Number.NaN)),
        },
      ]),
    ),
  };
}

function printTable(label: string, s: NonNullable<ReturnType<typeof summarise>>): void {
  console.log(`\n${label} — ${s.images} images (mean ± std)`);
  console.log("| clicks | Dice | IoU | HD95 (px) |\n|---|---|---|---|");
  for (const k of REPORT_CLICKS) {
    const c = s.clicks[k]!;
    console.log(`| ${k} | ${fmt(c.dice)} | ${fmt(c.iou)} | ${fmt(c.hd95, 1)} |`);
  }
  console.log(`NoC@85 ${fmt(s.noc85, 2)}   NoC@90 ${fmt(s.noc90, 2)}   (cap ${NOC_CAP})`);
  console.log("| prompt mode | Dice | IoU | HD95 (px) |\n|---|---|---|---|");
  for (const mode of PROMPT_MODES) {
    const m = s.modes[mode]!;
    console.log(`| ${mode} | ${fmt(m.dice)} | ${fmt(m.iou)} | ${fmt(m.hd95, 1)} |`);
  }
}

async function main(): Promise<void> {
  const args = argsSchema.parse(Object.fromEntries(parseBenchArgs()));
  const models = minisamModelPaths();
  const decoderPath = args.decoder ?? models.decoder;
  const [encoder, decoder] = await Promise.all([
    createNodeSession(models.encoder, { threads: args.threads }),
    createNodeSession(decoderPath, { threads: args.threads }),
  ]);
  const ids = await listDatasetIds(args.data, args.split, args.limit);
  console.log(`${ids.length} images (split ${args.split}${args.limit ? `, limit ${args.limit}` : ""}), ${args.threads} threads`);
  const results: ImageResult[] = [];
  const started = performance.now();
  for (const [i, id] of ids.entries()) {
    const result = await evaluateImage(id, encoder, decoder, args.data);
    if (result) results.push(result);
    if (result && ((i + 1) % 10 === 0 || i === ids.length - 1)) {
      const elapsed = (performance.now() - started) / 1000;
      console.log(`[${i + 1}/${ids.length}] ${elapsed.toFixed(0)} s, mean IoU@1 so far ${meanStd(results.map((r) => r.ious[0] as number)).mean.toFixed(4)}`);
    }
  }
  const base = summarise(results, (r) => r);
  const oracle = summarise(results, (r) => r.oracle);
  if (base) printTable("MobileSAM zero-shot, click simulator (predicted-IoU candidate)", base);
  if (oracle) printTable("MobileSAM zero-shot, oracle (best of multimask outputs)", oracle);
  if (!oracle) console.log("\n(oracle: not available — the decoder returns a single mask)");
  const file = writeBenchReport(args.out ?? BENCH_RESULTS_DIR, args.name, {
    data: args.data,
    split: args.split,
    limit: args.limit ?? null,
    threads: args.threads,
    encoder: { path: models.encoder, id: await modelFileId(models.encoder) },
    decoder: { path: decoderPath, id: await modelFileId(decoderPath) },
    protocol: { curveClicks: CURVE_CLICKS, nocCap: NOC_CAP, stopAtIou: 0.9, feedPreviousLogits: true, partsConnectivity: 8, maxParts: 3 },
    counts: { listed: ids.length, evaluated: results.length, skipped: ids.length - results.length },
    seconds: (performance.now() - started) / 1000,
    summary: { base, oracle },
    perImage: results,
  });
  console.log(`\nwrote ${file}`);
}

await main();
