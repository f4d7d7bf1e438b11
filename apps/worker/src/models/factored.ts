// The factored decoder of a model (sam-tf's export-factored-decoder.ts): at start-up for the base
// model, and by each training round for its candidate. Exported from the same weights as the
// model's decoder.onnx, written content-addressed with a pointer (@clickloop/api's factored-decoder).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Storage } from "@clickloop/storage";
import { writeBaseFactored, writeVersionFactored, type FactoredFiles } from "@clickloop/api";
import { minisamModelPaths } from "@clickloop/sam/node";
import { exportFactoredDecoderOnnx, exportImageSideOnnx, SamDecoder, selectBackend, type ParameterValue } from "@clickloop/sam-tf";

function exportFactored(decoder: SamDecoder, fusion?: { lambda: number; mu: number }): FactoredFiles {
  return { imageSide: exportImageSideOnnx(decoder), decoder: exportFactoredDecoderOnnx(decoder, { fusion }) };
}

export async function publishBaseFactored(storage: Storage) {
  const baseSha256 = createHash("sha256").update(await readFile(minisamModelPaths().decoder)).digest("hex");
  await selectBackend({ log: () => undefined });
  const decoder = new SamDecoder({ adapterRank: null });
  try {
    return await writeBaseFactored(storage, exportFactored(decoder), baseSha256);
  } finally {
    decoder.dispose();
  }
}

/** A trained candidate's factored files, rebuilt from its weights, beside its decoder (`decoderSha256`). */
export async function writeCandidateFactored(
  storage: Storage,
  projectId: string,
  decoderSha256: string,
  candidate: { weights: ReadonlyMap<string, ParameterValue>; lambda: number; mu: number },
  model: { adapterRank: number | null; seed: number },
) {
  const decoder = new SamDecoder(model);
  try {
    decoder.setTrainableWeights(candidate.weights);
    return await writeVersionFactored(storage, projectId, exportFactored(decoder, { lambda: candidate.lambda, mu: candidate.mu }), decoderSha256);
  } finally {
    decoder.dispose();
  }
}
