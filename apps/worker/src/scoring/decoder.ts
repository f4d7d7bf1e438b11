// The deployed model's multimask decoder as an onnxruntime-node session: a trained version's stored
// multimask artifact (its single-mask decoder for rows written before multimask was stored), or
// the base model's multimask export (published at worker start-up; exported here when missing).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { ModelVersion } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { readBaseMultimask } from "@clickloop/api";
import type { SessionWithRuntime } from "@clickloop/sam";
import { minisamModelPaths } from "@clickloop/sam/node";
import { nodeOnnxRuntime } from "@clickloop/sam-tf/train";
import { publishBaseMultimask } from "../models/base-multimask";

export async function openScoringDecoder(storage: Storage, deployed: ModelVersion | null, threads?: number): Promise<SessionWithRuntime> {
  if (deployed) return nodeOnnxRuntime(await storage.get(deployed.multimaskArtifactKey ?? deployed.artifactKey), threads);
  const baseSha256 = createHash("sha256").update(await readFile(minisamModelPaths().decoder)).digest("hex");
  const pointer = (await readBaseMultimask(storage, baseSha256)) ?? (await publishBaseMultimask(storage));
  return nodeOnnxRuntime(await storage.get(pointer.key), threads);
}
