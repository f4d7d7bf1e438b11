// ms per training sample-step of the adapted decoder (forward + backward + Adam, batch 1) on the
// selected TF.js backend, with a Dice + BCE loss on the low-res logits against a random blob.
// Usage: pnpm bench:train-step [--steps 10] [--warmup 2] [--backend wasm|cpu|tensorflow] [--no-fast-kernels] [--profile] [--name train-step]
import * as tf from "@tensorflow/tfjs";
import { parseBenchArgs, percentile, writeBenchReport, BENCH_RESULTS_DIR } from "@clickloop/sam/bench";
import { selectBackend, type BackendName } from "../src/backend/select.js";
import { seededRandom } from "../src/model/parameters.js";
import { SamDecoder } from "../src/model/sam-decoder.js";
import { countOnnxParameters, minisamModelPath } from "../src/weights/onnx-weights.js";
import { readFileSync } from "node:fs";
import os from "node:os";

const args = parseBenchArgs();
const steps = Number(args.get("steps") ?? 10);
const warmup = Number(args.get("warmup") ?? 2);
const plainKernels = args.has("no-fast-kernels");
const prefer = args.get("backend") ? [args.get("backend") as BackendName] : undefined;
const backend = await selectBackend({ prefer, fastKernels: !plainKernels });

const random = seededRandom(42);
const embedding = tf.tensor4d(Float32Array.from({ length: 256 * 64 * 64 }, () => (2 * random() - 1) * 0.5), [1, 256, 64, 64]);
// random blob target: a jittered ellipse on the 256x256 low-res grid
const [cy, cx, ry, rx] = [90 + 60 * random(), 90 + 60 * random(), 30 + 30 * random(), 30 + 30 * random()];
function insideBlob(i: number): boolean {
  const dy = (Math.floor(i / 256) - cy) / ry;
  const dx = ((i % 256) - cx) / rx;
  return dy * dy + dx * dx < 1 + 0.2 * random();
}
const target = tf.tensor4d(Float32Array.from({ length: 256 * 256 }, (_, i) => (insideBlob(i) ? 1 : 0)), [1, 1, 256, 256]);
const pointCoords = tf.tensor3d([[[cx * 4, cy * 4], [(cx + rx * 0.5) * 4, cy * 4], [(cx + rx * 1.5) * 4, cy * 4], [0, 0]]]);
const pointLabels = tf.tensor2d([[1, 1, 0, -1]]);

const decoder = new SamDecoder({ adapterRank: 32 });
const optimizer = tf.train.adam(1e-4);

function diceBceLoss(logits: tf.Tensor, truth: tf.Tensor): tf.Scalar {
  const probabilities = tf.sigmoid(logits);
  const intersection = tf.sum(tf.mul(probabilities, truth));
  const dice = tf.sub(1, tf.div(tf.add(tf.mul(2, intersection), 1), tf.add(tf.add(tf.sum(probabilities), tf.sum(truth)), 1)));
  return tf.add(dice, tf.losses.sigmoidCrossEntropy(truth, logits)) as tf.Scalar;
}

function step(): number {
  const loss = optimizer.minimize(
    () => {
      const { lowResMasks } = decoder.forward({ imageEmbeddings: embedding, pointCoords, pointLabels, fusion: { lambda: 1, mu: 1, initialCount: 1 } });
      return diceBceLoss(tf.slice(lowResMasks, [0, 0, 0, 0], [1, 1, 256, 256]), target);
    },
    true,
    decoder.trainableVariables(),
  );
  const value = loss!.dataSync()[0]!;
  loss!.dispose();
  return value;
}

// wall time is what training costs on an idle machine; CPU time (this process) stays meaningful
// when other jobs share the cores, so both are reported, with the load average around the run
const times: number[] = [];
const cpuTimes: number[] = [];
const losses: number[] = [];
const loadBefore = os.loadavg()[0]!;
for (let i = 0; i < warmup + steps; i++) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const loss = step();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (i >= warmup) {
    times.push(ms);
    cpuTimes.push(cpuMs);
    losses.push(loss);
  }
  console.log(`step ${i}${i < warmup ? " (warm-up)" : ""}: ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms cpu, loss ${loss.toFixed(4)}`);
}

// --profile: where one step's time goes, by kernel (tf.profile times every kernel; a profiled step
// is slower than a plain one, the shares are what counts).
let kernelProfile: { kernel: string; ms: number; share: number; calls: number }[] | null = null;
if (args.has("profile")) {
  const info = await tf.profile(() => {
    step();
  });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += Number(k.kernelTimeMs) || 0;
    entry.calls++;
    byKernel.set(k.name, entry);
  }
  const total = [...byKernel.values()].reduce((a, b) => a + b.ms, 0);
  kernelProfile = [...byKernel].map(([kernel, v]) => ({ kernel, ms: Math.round(v.ms * 10) / 10, share: Math.round((1000 * v.ms) / total) / 1000, calls: v.calls })).sort((a, b) => b.ms - a.ms);
  console.log(`kernel profile of one step (${total.toFixed(0)} ms in kernels):`);
  for (const k of kernelProfile.slice(0, 20)) console.log(`  ${k.kernel.padEnd(24)} ${k.ms.toFixed(1).padStart(8)} ms ${(100 * k.share).toFixed(1).padStart(5)}%  ${k.calls} calls`);
}

const trainable = decoder.trainableParameterCount();
const decoderParameters = decoder.baseParameterCount();
const encoderParameters = countOnnxParameters(readFileSync(minisamModelPath("encoder.onnx")));
const results = {
  backend,
  wasmFastKernels: backend === "wasm" ? !plainKernels : null,
  batchSize: 1,
  steps,
  warmup,
  msPerSampleStep: { median: percentile(times, 50), p90: percentile(times, 90), min: Math.min(...times) },
  cpuMsPerSampleStep: { median: percentile(cpuTimes, 50), p90: percentile(cpuTimes, 90), min: Math.min(...cpuTimes) },
  loadAverage1m: { before: loadBefore, after: os.loadavg()[0]! },
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  trainableParameters: trainable,
  decoderParameters,
  encoderParameters,
  trainableFractionOfEncoderPlusDecoder: trainable / (decoderParameters + encoderParameters),
  lossFirstLast: [losses[0], losses[losses.length - 1]],
  kernelProfile,
};
const name = args.get("name") ?? (plainKernels ? "train-step-no-fast-kernels" : "train-step");
const file = writeBenchReport(BENCH_RESULTS_DIR, name, results);
console.log(JSON.stringify(results, null, 2));
console.log(`written ${file}`);
