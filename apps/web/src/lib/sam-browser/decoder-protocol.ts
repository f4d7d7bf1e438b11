// Messages between the workspace and its decoder worker (decoder.worker.ts). Embeddings are sent once
// per image (`prepare`); a click sends only its prompt, and gets binary masks back (transferred).
import type { Box, Click, ImageEmbedding, Size } from "@clickloop/sam";
import type { ExecutionBackend } from "./ort-loader";

export interface VerifiedFile {
  url: string;
  sha256: string;
}

/** The files of one model version; the worker downloads and verifies each against its SHA-256. */
export interface WorkerModelFiles {
  /** sam.onnx-style single-mask decoder: used when there is no factored form. */
  single: VerifiedFile;
  /** Multimask decoder (first-click candidates) of the single-mask path; optional. */
  multimask: VerifiedFile | null;
  /** The factored form (image side + per-click graph): every click when present. */
  factored: { imageSide: VerifiedFile; decoder: VerifiedFile } | null;
}

export type WorkerRequest =
  | { type: "load"; id: number; files: WorkerModelFiles; backend?: ExecutionBackend }
  | { type: "prepare"; id: number; embeddingId: number; embedding: ImageEmbedding }
  | {
      type: "decode";
      id: number;
      embeddingId: number;
      size: Size;
      clicks: readonly Click[];
      box: Box | null;
      previousLowRes: Float32Array | null;
      multimask: boolean;
    };

export interface WorkerCandidate {
  mask: Uint8Array;
  lowRes: Float32Array;
  score: number;
}

export interface DecodeTimings {
  /** session.run (+ prompt encoding) in the worker. */
  decodeMs: number;
  /** Upscaling to the image size and thresholding, in the worker. */
  upscaleMs: number;
  /** This click also computed the image side (the image was not prepared yet). */
  imageSideMs: number;
}

export type WorkerResponse =
  | { type: "loaded"; id: number; path: "factored" | "single"; candidates: boolean; backend: ExecutionBackend; threads: number }
  | { type: "prepared"; id: number; imageSideMs: number }
  | { type: "decoded"; id: number; candidates: WorkerCandidate[]; timings: DecodeTimings }
  | { type: "error"; id: number; message: string };
