// Encoder and decoder latency of MobileSAM: onnxruntime-node (1 and 2 threads) and the decoder on
// onnxruntime-web's wasm backend in Node (1 and 2 threads, one child process each, since the wasm
// thread count is fixed once the runtime is initialised).
// Usage: pnpm bench:latency [--data <folder>] [--encoder-runs 5] [--decoder-runs 40] [--out <dir>]
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { z } from "zod";
import {
  decodeMask,
  encodeImage,
  preprocessImage,
  type ImageEmbedding,
  type RawImage,
  type SessionWithRuntime,
} from "../src/index";
import { createNodeSession, decodeImageToRgb, minisamModelPaths } from "../src/node/index";
import { listDatasetIds, readDatasetItem } from "./dataset";
import { parseBenchArgs, percentile, writeBenchReport, BENCH_RESULTS_DIR } from "./report";

const argsSchema = z.object({
  data: z.string().optional(),
  "encoder-runs": z.coerce.number().int().positive().default(5),
  "decoder-runs": z.coerce.number().int().positive().default(40),
  "web-child": z.coerce.number().int().positive().optional(),
  out: z.string().optional(),
});
type Args = z.infer<typeof argsSchema>;

interface Timing {
  median: number;
  p95: number;
  runs: number;
}

const timing = (ms: number[]): Timing => ({ median: percentile(ms, 50), p95: percentile(ms, 95), runs: ms.length });

async function time(runs: number, warmup: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  return ms;
}

/** A BUSI-sized test image: the first test-split image of `--data`, else a generated 560x470 one. */
async function testImage(data: string | undefined): Promise<{ image: RawImage; source: string }> {
  if (data) {
    const [id] = await listDatasetIds(data, "test", 1);
    if (id) return { image: await decodeImageToRgb((await readDatasetItem(data, id)).image), source: `${data} (${id})` };
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="470"><rect width="560" height="470" fill="rgb(30,30,30)"/>
    <ellipse cx="280" cy="230" rx="120" ry="80" fill="rgb(200,200,200)"/></svg>`;
  return { image: await decodeImageToRgb(new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer())), source: "generated 560x470" };
}

/** Decoder ms per click: a first click, then a 3-click correction with the previous logits. */
async function decoderTimings(decoder: SessionWithRuntime, embedding: ImageEmbedding, image: RawImage, runs: number) {
  const size = { width: image.width, height: image.height };
  const first = { clicks: [{ x: Math.round(size.width / 2), y: Math.round(size.height / 2), label: 1 as const }] };
  const previous = (await decodeMask(decoder, embedding, first, size)).lowRes[0];
  const correction = {
    clicks: [...first.clicks, { x: 10, y: 10, label: 0 as const }, { x: Math.round(size.width / 3), y: Math.round(size.height / 2), label: 1 as const }],
    ...(previous ? { maskInput: previous } : {}),
  };
  return {
    firstClick: timing(await time(runs, 3, () => decodeMask(decoder, embedding, first, size))),
    thirdClickWithMask: timing(await time(runs, 3, () => decodeMask(decoder, embedding, correction, size))),
  };
}

async function webChild(args: Args, threads: number): Promise<void> {
  const ort = await import("onnxruntime-web");
  ort.env.wasm.numThreads = threads;
  const { image } = await testImage(args.data);
  const node = await createNodeSession(minisamModelPaths().encoder, { threads: 2 });
  const embedding = await encodeImage(node, preprocessImage(image));
  await node.session.release();
  const bytes = new Uint8Array(await readFile(minisamModelPaths().decoder));
  const created = performance.now();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"] });
  const sessionMs = performance.now() - created;
  const decoder = await decoderTimings({ session, Tensor: ort.Tensor }, embedding, image, args["decoder-runs"]);
  process.stdout.write(`${JSON.stringify({ threads, sessionMs, decoder })}\n`);
}

async function nodeRuntime(args: Args, image: RawImage, threads: number) {
  const paths = minisamModelPaths();
  let started = performance.now();
  const encoder = await createNodeSession(paths.encoder, { threads });
  const encoderSessionMs = performance.now() - started;
  started = performance.now();
  const decoder = await createNodeSession(paths.decoder, { threads });
  const decoderSessionMs = performance.now() - started;
  const preprocessMs = await time(3, 0, async () => preprocessImage(image));
  const input = preprocessImage(image);
  const encoderMs = await time(args["encoder-runs"], 1, () => encodeImage(encoder, input));
  const embedding = await encodeImage(encoder, input);
  const result = {
    threads,
    sessionMs: { encoder: encoderSessionMs, decoder: decoderSessionMs },
    preprocess: timing(preprocessMs),
    encoder: timing(encoderMs),
    decoder: await decoderTimings(decoder, embedding, image, args["decoder-runs"]),
  };
  await Promise.all([encoder.session.release(), decoder.session.release()]);
  return result;
}

function runWebChild(threads: number): unknown {
  const script = fileURLToPath(import.meta.url);
  const forwarded = process.argv.slice(2).filter((a, i, all) => a !== "--out" && all[i - 1] !== "--out");
  const stdout = execFileSync(process.execPath, [...process.execArgv, script, ...forwarded, "--web-child", String(threads)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const last = stdout.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(last);
}

async function main(): Promise<void> {
  const args = argsSchema.parse(Object.fromEntries(parseBenchArgs()));
  if (args["web-child"]) return webChild(args, args["web-child"]);
  const { image, source } = await testImage(args.data);
  console.log(`image: ${source}, ${image.width}x${image.height}`);
  const node = [];
  for (const threads of [1, 2]) {
    const r = await nodeRuntime(args, image, threads);
    node.push(r);
    console.log(
      `onnxruntime-node ${threads} thread(s): encoder median ${r.encoder.median.toFixed(1)} ms (p95 ${r.encoder.p95.toFixed(1)}), ` +
        `decoder 1st click ${r.decoder.firstClick.median.toFixed(1)} ms (p95 ${r.decoder.firstClick.p95.toFixed(1)}), ` +
        `3 clicks + mask ${r.decoder.thirdClickWithMask.median.toFixed(1)} ms, preprocess ${r.preprocess.median.toFixed(1)} ms`,
    );
  }
  const web = [];
  for (const threads of [1, 2]) {
    const r = runWebChild(threads) as { threads: number; sessionMs: number; decoder: { firstClick: Timing; thirdClickWithMask: Timing } };
    web.push(r);
    console.log(
      `onnxruntime-web wasm ${threads} thread(s): decoder 1st click ${r.decoder.firstClick.median.toFixed(1)} ms (p95 ${r.decoder.firstClick.p95.toFixed(1)}), ` +
        `3 clicks + mask ${r.decoder.thirdClickWithMask.median.toFixed(1)} ms, session ${r.sessionMs.toFixed(0)} ms`,
    );
  }
  const file = writeBenchReport(args.out ?? BENCH_RESULTS_DIR, "latency", {
    image: { source, width: image.width, height: image.height },
    note: "milliseconds; median and nearest-rank p95 after warm-up; the machine was shared with other jobs",
    onnxruntimeNode: node,
    onnxruntimeWebWasm: web,
  });
  console.log(`wrote ${file}`);
}

await main();
