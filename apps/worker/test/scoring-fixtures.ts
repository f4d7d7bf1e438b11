// Deployed model versions for scoring tests without minutes of training: a SamDecoder with SAMCA
// adapters whose up-projections are set to deterministic pseudo-random values (seeded) (a real, distinct decoder, exported
// to ONNX exactly as a round exports its candidate), stored as artifacts and deployed.
import type { ModelVersion } from "@clickloop/db";
import { insertVersion, writeModelArtifacts } from "@clickloop/api";
import { encodeTrainableWeights, exportDecoderOnnx, SamDecoder, selectBackend } from "@clickloop/sam-tf";
import type { WorkerContext } from "../src/jobs/types";

const metrics = { n: 1, byClicks: [], noc85: { mean: 1, std: 0 }, noc90: { mean: 1, std: 0 } };

export async function deployPerturbedVersion(ctx: WorkerContext, projectId: string, seed: number, strength = 0.05): Promise<ModelVersion> {
  await selectBackend({ log: () => undefined });
  const decoder = new SamDecoder({ adapterRank: 4, seed });
  try {
    const weights = decoder.getTrainableWeights();
    let k = 0;
    for (const [name, value] of weights) {
      // sin of a large argument: deterministic, well spread in [-1, 1], distinct per seed.
      if (name.endsWith(".w_up")) weights.set(name, { shape: value.shape, data: Float32Array.from(value.data, () => Math.sin(seed * 7919 + ++k * 12.9898) * strength) });
    }
    decoder.setTrainableWeights(weights);
    const fusion = { lambda: 1, mu: 1 };
    const artifacts = await writeModelArtifacts(ctx.storage, projectId, {
      decoder: exportDecoderOnnx(decoder, { fusion }),
      multimaskDecoder: exportDecoderOnnx(decoder, { fusion, multimask: true }),
      weights: encodeTrainableWeights(decoder.getTrainableWeights(), { seed: String(seed), lambda: "1", mu: "1" }),
    });
    return await ctx.db.transaction((tx) =>
      insertVersion(tx, { projectId, trainingRunId: null, status: "deployed", ...artifacts, lambda: 1, mu: 1, metrics, baselineMetrics: null }),
    );
  } finally {
    decoder.dispose();
  }
}
