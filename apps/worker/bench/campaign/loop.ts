// One simulated annotation campaign (docs/method.md §5): the queue serves a batch in the strategy's order,
// the simulated annotator labels it starting from the pre-annotations, a training round runs
// (train, gate, publish), the prototype is updated and every unlabeled image is re-scored.
import os from "node:os";
import {
  decodeMask,
  iou,
  type BinaryMask,
  type DecodeFn,
  type SessionWithRuntime,
} from "@clickloop/sam";
import {
  fractionalRanks,
  orderQueue,
  PrototypeAccumulator,
  rankAverage,
  scoreImage,
  UNCERTAINTY_PARTS,
  type PreAnnotation,
  type QueueImage,
  type QueueStrategy,
  type UncertaintyPart,
  type UncertaintyParts,
} from "@clickloop/sam/active-learning";
import {
  createRng,
  nodeOnnxRuntime,
  resolveTrainSettings,
  shuffle,
  trainRound,
  type EvaluateOptions,
  type EvaluationSummary,
  type PublishTolerance,
  type TrainingSample,
  type TrainSettingsInput,
} from "@clickloop/sam-tf/train";
import { simulateAnnotator, type AnnotationOutcome } from "./annotator";
import { baseModel, candidateModel, releaseModel, type DeployedModel } from "./decoders";

/** A pool image: ground truth and pooled embedding in memory, the full embedding loaded on demand. */
export interface PoolImage {
  id: string;
  width: number;
  height: number;
  mask: Uint8Array;
  pooled: Float32Array;
}

export interface CampaignData {
  pool: readonly PoolImage[];
  validation: readonly TrainingSample[];
  loadEmbedding(id: string): Promise<Float32Array>;
}

/** A queue strategy, or `uncertainty:<part>`: the uncertainty order scored by a single part (the ablation). */
export type CampaignStrategy = QueueStrategy | `uncertainty:${UncertaintyPart}`;

export function parseStrategy(text: string): CampaignStrategy {
  const [base, part, extra] = text.split(":");
  if (extra !== undefined) throw new Error(`bad strategy ${text}`);
  if (part !== undefined) {
    if (base !== "uncertainty" || !(UNCERTAINTY_PARTS as readonly string[]).includes(part)) {
      throw new Error(`bad strategy ${text} (ablations: ${UNCERTAINTY_PARTS.map((p) => `uncertainty:${p}`).join(", ")})`);
    }
    return text as CampaignStrategy;
  }
  if (!["uncertainty", "diversity", "random", "upload"].includes(base ?? "")) throw new Error(`unknown strategy ${text}`);
  return base as QueueStrategy;
}

export interface CampaignSettings {
  strategy: CampaignStrategy;
  seed: number;
  /** Accepted masks per round. */
  batch: number;
  /** Training rounds; one more batch is annotated after the last one (with the final model). */
  rounds: number;
  /** Training samples (= optimiser steps at the product's accumulate 1) per round, drawn from all labelled. */
  stepsPerRound: number;
  /** The product's round settings (the worker's); the campaign seed is applied on top. */
  train: TrainSettingsInput;
  evaluation: Omit<EvaluateOptions, "signal">;
  tolerance?: PublishTolerance;
  /** Negative auto clicks (the product setting, default 0). */
  negatives: number;
  targetIou: number;
  clickCap: number;
  threads: number;
  log: (message: string) => void;
  /** Called after every round with the campaign so far (partial reports). */
  onRound?: (partial: CampaignResult) => void;
}

export interface ValidationFigures {
  dice1: number;
  dice3: number;
  dice5: number;
  iou3: number;
  noc90: number;
}

export function validationFigures(summary: EvaluationSummary): ValidationFigures {
  const at = (k: number) => summary.byClicks[k - 1];
  return {
    dice1: at(1)?.dice.mean ?? Number.NaN,
    dice3: at(3)?.dice.mean ?? Number.NaN,
    dice5: at(5)?.dice.mean ?? Number.NaN,
    iou3: at(3)?.iou.mean ?? Number.NaN,
    noc90: summary.noc90.mean,
  };
}

export interface RoundRecord {
  round: number;
  /** Images labelled before this round's batch was served. */
  labelledBefore: number;
  labelledAfter: number;
  /** Version of the model the batch was annotated with (0 = base). */
  annotatedWithVersion: number;
  served: string[];
  annotation: {
    clicksPerMask: number;
    clicksStd: number;
    zeroClickAccepts: number;
    fromPreAnnotation: number;
    reachedTarget: number;
    meanStartIou: number;
  };
  training: null | {
    samples: number;
    steps: number;
    seconds: number;
    published: boolean;
    candidate: ValidationFigures;
    deployedBefore: ValidationFigures;
  };
  /** Validation figures of the model deployed after this round (null after the final annotation-only batch). */
  validation: ValidationFigures | null;
  /** Spearman ρ of each part (and the combined score) with the pre-annotation's error (1 − IoU) over the scored pool. */
  signal: null | (Record<UncertaintyPart | "combined" | "negPrototypeSimilarity", number> & { images: number });
  seconds: { annotate: number; train: number; score: number; total: number };
  /** 1-minute load average at the end of the round (the machine is shared: timings are noisy). */
  loadAverage: number;
}

export interface CampaignResult {
  strategy: CampaignStrategy;
  seed: number;
  /** Validation figures of the base model (before any round). */
  baseValidation: ValidationFigures | null;
  rounds: RoundRecord[];
  published: number;
  rejected: number;
  seconds: number;
}

interface Scored {
  parts: UncertaintyParts | null;
  pre: PreAnnotation | null;
  maxSimilarity: number | null;
}

function decodeFor(runtime: SessionWithRuntime, embedding: Float32Array, image: PoolImage): DecodeFn {
  return (prompt) => decodeMask(runtime, { data: embedding, dims: [1, 256, 64, 64] }, prompt, image);
}

const truthOf = (image: PoolImage): BinaryMask => ({ width: image.width, height: image.height, data: image.mask });

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

function std(values: readonly number[]): number {
  const m = mean(values);
  return values.length === 0 ? Number.NaN : Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
}

/** Spearman rank correlation (Pearson of tie-averaged ranks). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length < 3) return Number.NaN;
  const ra = fractionalRanks(a);
  const rb = fractionalRanks(b);
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    const x = (ra[i] as number) - ma;
    const y = (rb[i] as number) - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

function queueOrder(
  strategy: CampaignStrategy,
  unlabeled: readonly PoolImage[],
  scores: ReadonlyMap<string, Scored>,
  labelledPooled: readonly Float32Array[],
  settings: CampaignSettings,
): string[] {
  const [base, part] = strategy.split(":") as [QueueStrategy, UncertaintyPart | undefined];
  const images: QueueImage[] = unlabeled.map((image, i) => ({ id: image.id, uploadedAt: i, pooled: image.pooled }));
  if (base === "uncertainty") {
    const scored = unlabeled.map((image) => scores.get(image.id)?.parts ?? null);
    // Cold start (no prototype yet, nothing scored): diversity alone, as the product does.
    if (scored.some((p) => p === null)) return orderQueue("diversity", images, { labelled: labelledPooled }).map((r) => r.id);
    const combined = rankAverage(scored as UncertaintyParts[], part ? [part] : UNCERTAINTY_PARTS);
    return orderQueue("uncertainty", images.map((image, i) => ({ ...image, score: combined[i] })), { batchSize: settings.batch }).map((r) => r.id);
  }
  if (base === "diversity") return orderQueue("diversity", images, { labelled: labelledPooled }).map((r) => r.id);
  return orderQueue(base, images, { seed: settings.seed }).map((r) => r.id);
}

export async function runCampaign(data: CampaignData, settings: CampaignSettings): Promise<CampaignResult> {
  const started = performance.now();
  const { log } = settings;
  const trainSettings = resolveTrainSettings({ ...settings.train, seed: settings.seed });
  const byId = new Map(data.pool.map((image) => [image.id, image]));
  const labelled: string[] = [];
  const labelledSet = new Set<string>();
  const prototype = new PrototypeAccumulator();
  // The prototype as of the last round (the product recomputes it per deployment, not per accepted mask).
  let roundPrototype: Float32Array | null = null;
  let scores = new Map<string, Scored>();
  let deployed: DeployedModel = await baseModel(settings.threads);
  let baseValidation: ValidationFigures | null = null;
  // The deployed model's validation summary (fixed validation set): evaluated once, then carried over.
  let deployedSummary: EvaluationSummary | undefined;
  const rounds: RoundRecord[] = [];
  let published = 0;
  let rejected = 0;
  const rng = createRng(settings.seed * 7919 + 17);

  const score = async (image: PoolImage, embedding: Float32Array): Promise<Scored> => {
    const result = await scoreImage({
      decoder: deployed.multimask,
      embedding,
      width: image.width,
      height: image.height,
      prototype: roundPrototype,
      negatives: settings.negatives,
    });
    return { parts: result.parts, pre: result.preAnnotation, maxSimilarity: result.maxSimilarity };
  };

  try {
    for (let round = 0; round <= settings.rounds; round++) {
      const roundStart = performance.now();
      const unlabeled = data.pool.filter((image) => !labelledSet.has(image.id));
      if (unlabeled.length === 0) break;
      const order = queueOrder(settings.strategy, unlabeled, scores, labelled.map((id) => (byId.get(id) as PoolImage).pooled), settings);
      const served = order.slice(0, settings.batch);
      const labelledBefore = labelled.length;
      const annotatedWithVersion = deployed.version;

      // Annotate the batch from the pre-annotations of the deployed model (scored now if the strategy did not need scores).
      const outcomes: AnnotationOutcome[] = [];
      for (const id of served) {
        const image = byId.get(id) as PoolImage;
        const embedding = await data.loadEmbedding(id);
        const scored = scores.get(id) ?? (roundPrototype ? await score(image, embedding) : null);
        const truth = truthOf(image);
        const pre = scored?.pre ?? null;
        outcomes.push(await simulateAnnotator(truth, decodeFor(deployed.single, embedding, image), pre, { targetIou: settings.targetIou, cap: settings.clickCap }));
        labelled.push(id);
        labelledSet.add(id);
        // The accepted mask: the simulated annotator finishes every image (manual tools past the click cap).
        prototype.add({ embedding, mask: truth });
      }
      const annotateSeconds = (performance.now() - roundStart) / 1000;
      const clicks = outcomes.map((o) => o.clicks);
      const annotation = {
        clicksPerMask: mean(clicks),
        clicksStd: std(clicks),
        zeroClickAccepts: clicks.filter((c) => c === 0).length,
        fromPreAnnotation: outcomes.filter((o) => o.fromPreAnnotation).length,
        reachedTarget: outcomes.filter((o) => o.reached).length,
        meanStartIou: mean(outcomes.map((o) => o.startIou)),
      };
      log(`${settings.strategy} seed ${settings.seed} round ${round}: ${served.length} annotated with v${deployed.version}, ${annotation.clicksPerMask.toFixed(2)} clicks/mask (${annotation.zeroClickAccepts} at 0), ${annotateSeconds.toFixed(0)} s`);

      let training: RoundRecord["training"] = null;
      let validation: ValidationFigures | null = null;
      let trainSeconds = 0;
      let scoreSeconds = 0;
      let signal: RoundRecord["signal"] = null;
      if (round < settings.rounds) {
        // Training round with the product's settings on a step budget: a seeded draw from all labelled images.
        const trainStart = performance.now();
        const chosen = shuffle([...labelled], rng).slice(0, settings.stepsPerRound * trainSettings.accumulate);
        const samples: TrainingSample[] = [];
        for (const id of chosen) {
          const image = byId.get(id) as PoolImage;
          samples.push({ id, embedding: await data.loadEmbedding(id), mask: image.mask, width: image.width, height: image.height });
        }
        const result = await trainRound({
          samples,
          validation: data.validation,
          warmStart: deployed.warmStart,
          settings: trainSettings,
          evaluation: settings.evaluation,
          tolerance: settings.tolerance,
          openOnnx: (bytes) => nodeOnnxRuntime(bytes, settings.threads),
          deployedScores: deployedSummary,
        });
        deployedSummary = result.publish ? result.metrics.candidate : result.metrics.deployed;
        baseValidation ??= validationFigures(result.metrics.deployed);
        const candidate = validationFigures(result.metrics.candidate);
        const before = validationFigures(result.metrics.deployed);
        if (result.publish) {
          published++;
          const next = await candidateModel(result, trainSettings, deployed.version + 1, settings.threads);
          await releaseModel(deployed);
          deployed = next;
        } else {
          rejected++;
        }
        validation = result.publish ? candidate : before;
        trainSeconds = (performance.now() - trainStart) / 1000;
        training = { samples: samples.length, steps: result.training.steps, seconds: trainSeconds, published: result.publish, candidate, deployedBefore: before };
        log(`  round ${round}: ${samples.length} samples, candidate Dice@1 ${candidate.dice1.toFixed(4)} NoC90 ${candidate.noc90.toFixed(2)} vs deployed ${before.dice1.toFixed(4)} / ${before.noc90.toFixed(2)} → ${result.publish ? "published" : "rejected"} (${trainSeconds.toFixed(0)} s)`);

        // Re-score: every unlabeled image under the deployed model and the updated prototype (strategies
        // that do not order by score get their pre-annotations scored when served).
        scores = new Map();
        roundPrototype = prototype.prototype();
        if (settings.strategy.startsWith("uncertainty")) {
          const scoreStart = performance.now();
          const rest = data.pool.filter((image) => !labelledSet.has(image.id));
          const errors: number[] = [];
          const parts: UncertaintyParts[] = [];
          const similarity: number[] = [];
          for (const image of rest) {
            const scored = await score(image, await data.loadEmbedding(image.id));
            scores.set(image.id, scored);
            if (scored.parts && scored.pre) {
              parts.push(scored.parts);
              errors.push(1 - iou(scored.pre.mask, truthOf(image)));
              similarity.push(-(scored.maxSimilarity ?? 0));
            }
          }
          scoreSeconds = (performance.now() - scoreStart) / 1000;
          if (parts.length >= 3) {
            const combined = rankAverage(parts);
            signal = {
              images: parts.length,
              iou: spearman(parts.map((p) => p.iou), errors),
              stability: spearman(parts.map((p) => p.stability), errors),
              entropy: spearman(parts.map((p) => p.entropy), errors),
              disagreement: spearman(parts.map((p) => p.disagreement), errors),
              combined: spearman(combined, errors),
              negPrototypeSimilarity: spearman(similarity, errors),
            };
            log(`  scored ${parts.length} in ${scoreSeconds.toFixed(0)} s; ρ(part, pre-annotation error): ${UNCERTAINTY_PARTS.map((p) => `${p} ${signal?.[p].toFixed(3)}`).join(", ")}, combined ${signal.combined.toFixed(3)}`);
          }
        }
      }
      rounds.push({
        round,
        labelledBefore,
        labelledAfter: labelled.length,
        annotatedWithVersion,
        served,
        annotation,
        training,
        validation,
        signal,
        seconds: { annotate: annotateSeconds, train: trainSeconds, score: scoreSeconds, total: (performance.now() - roundStart) / 1000 },
        loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
      });
      settings.onRound?.({ strategy: settings.strategy, seed: settings.seed, baseValidation, rounds: [...rounds], published, rejected, seconds: (performance.now() - started) / 1000 });
    }
  } finally {
    await releaseModel(deployed);
  }
  return { strategy: settings.strategy, seed: settings.seed, baseValidation, rounds, published, rejected, seconds: (performance.now() - started) / 1000 };
}
