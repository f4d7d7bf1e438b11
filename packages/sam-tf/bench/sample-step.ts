// pnpm bench:sample-step [--samples 6] [--regime two-stage] [--name sample-step]
// CPU and wall ms per training sample of the round's regime (prompt planning + stage-1/stage-2 loss +
// gradients), the two-pass reference (planPrompts + stepLoss: a planning forward, then both stages
// again under the tape) against the one-pass `sampleLoss` (the stage-1 forward reused for planning,
// the image side shared by every prompt). Interleaved, same samples and prompts, so the machine's load
// touches both alike; CPU time of this process is the figure that survives a shared machine.
import * as tf from "@tensorflow/tfjs";
import os from "node:os";
import { parseBenchArgs, percentile, writeBenchReport, BENCH_RESULTS_DIR } from "@clickloop/sam/bench";
import { selectBackend } from "../src/backend/select.js";
import { seededRandom } from "../src/model/parameters.js";
import { SamDecoder } from "../src/model/sam-decoder.js";
import { createRng } from "../src/train/rng";
import { initialPoints, planPrompts, prepareTarget, sampleLoss, stepLoss, type TrainingSample } from "../src/train/sample-step";
import { resolveTrainSettings, type TrainingRegime } from "../src/train/settings";

const args = parseBenchArgs();
const count = Number(args.get("samples") ?? 6);
const regime = (args.get("regime") ?? "two-stage") as TrainingRegime;
const backend = await selectBackend();
const settings = resolveTrainSettings({ regime, stage1: { jitterProbability: 0 } });
const fusion = { lambda: 1, mu: 1 };
const decoder = new SamDecoder({ adapterRank: settings.adapterRank, seed: 1 });
// Nudge the adapters off the identity so the first answer is imperfect and stage 2 has clicks to plan.
decoder.setTrainableWeights(new Map([...decoder.getTrainableWeights()].map(([n, v]) => [n, { shape: v.shape, data: v.data.map((x, i) => (n.endsWith("w_up") ? 0.02 * Math.sin(i) : x)) }])));

function syntheticSample(seed: number): TrainingSample {
  const random = seededRandom(seed);
  const [w, h] = [400, 300];
  const [cx, cy, rx, ry] = [120 + 160 * random(), 90 + 120 * random(), 30 + 40 * random(), 25 + 30 * random()];
  const mask = Uint8Array.from({ length: w * h }, (_, i) => (((i % w) - cx) / rx) ** 2 + ((Math.floor(i / w) - cy) / ry) ** 2 < 1 ? 1 : 0);
  return { embedding: Float32Array.from({ length: 256 * 64 * 64 }, () => (2 * random() - 1) * 0.5), mask, width: w, height: h };
}

const variables = decoder.trainableVariables();
function runOne(sample: TrainingSample, onePass: boolean): { wallMs: number; cpuMs: number; loss: number } {
  const prepared = prepareTarget(sample);
  const embedding = tf.tensor4d(sample.embedding, [1, 256, 64, 64]);
  const target = tf.tensor4d(prepared.target, [1, 1, 256, 256]);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const { value, grads } = onePass
    ? tf.variableGrads(() => sampleLoss(decoder, embedding, target, prepared, initialPoints(prepared, settings, createRng(1))!, settings, fusion), variables)
    : (() => {
        const plan = planPrompts(decoder, embedding, prepared, settings, fusion, createRng(1))!;
        return tf.variableGrads(() => stepLoss(decoder, embedding, target, plan, settings, fusion), variables);
      })();
  const loss = value.dataSync()[0]!;
  for (const g of Object.values(grads)) g.dataSync();
  const cpu = process.cpuUsage(cpuStart);
  const result = { wallMs: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, loss };
  tf.dispose([value, ...Object.values(grads), embedding, target]);
  return result;
}

const samples = Array.from({ length: count }, (_, i) => syntheticSample(100 + i));
runOne(samples[0]!, false); // warm-up (kernel set-up)
runOne(samples[0]!, true);
const rows: { sample: number; twoPass: ReturnType<typeof runOne>; onePass: ReturnType<typeof runOne> }[] = [];
for (const [i, sample] of samples.entries()) {
  const twoPass = runOne(sample, false);
  const onePass = runOne(sample, true);
  rows.push({ sample: i, twoPass, onePass });
  console.log(`sample ${i}: two-pass ${twoPass.cpuMs.toFixed(0)} ms cpu (${twoPass.wallMs.toFixed(0)} wall), one-pass ${onePass.cpuMs.toFixed(0)} ms cpu (${onePass.wallMs.toFixed(0)} wall), loss ${twoPass.loss.toFixed(4)} / ${onePass.loss.toFixed(4)}`);
}
const median = (xs: number[]) => percentile(xs, 50);
const summary = {
  twoPass: { cpuMsMedian: median(rows.map((r) => r.twoPass.cpuMs)), wallMsMedian: median(rows.map((r) => r.twoPass.wallMs)) },
  onePass: { cpuMsMedian: median(rows.map((r) => r.onePass.cpuMs)), wallMsMedian: median(rows.map((r) => r.onePass.wallMs)) },
};
const stages = regime === "stage1" ? 1 : 2;
const table = [
  `| ${regime} sample (batch 1, wasm) | CPU ms median | wall ms median | CPU ms per stage |`,
  "|---|---|---|---|",
  `| two-pass (planning forward + both stages under the tape) | ${summary.twoPass.cpuMsMedian.toFixed(0)} | ${summary.twoPass.wallMsMedian.toFixed(0)} | ${(summary.twoPass.cpuMsMedian / stages).toFixed(0)} |`,
  `| one-pass sampleLoss (shared image side) | ${summary.onePass.cpuMsMedian.toFixed(0)} | ${summary.onePass.wallMsMedian.toFixed(0)} | ${(summary.onePass.cpuMsMedian / stages).toFixed(0)} |`,
];
console.log(table.join("\n"));
const file = writeBenchReport(BENCH_RESULTS_DIR, args.get("name") ?? "sample-step", { backend, regime, samples: count, cores: os.cpus().length, rows, summary, table });
console.log(`wrote ${file}`);
