"use client";
// Loads an image and its embedding: the server's when ready, otherwise computed in the browser
// with the encoder (progress shown while the encoder downloads and runs).
import { useEffect, useState } from "react";
import type { ImageEmbedding } from "@clickloop/sam";
import { BrowserEncoder } from "@/lib/sam-browser/browser-encoder";
import type { DeployedModel } from "@/lib/sam-browser/deployed-model";
import { fetchServerEmbedding } from "@/lib/sam-browser/embedding";
import { fetchVerifiedModel } from "@/lib/sam-browser/model-cache";
import type { LoadedRuntime } from "@/lib/sam-browser/ort-loader";

export interface ImageToLoad {
  id: string;
  width: number;
  height: number;
}

export type EmbeddingPhase =
  | { phase: "idle" }
  | { phase: "loading" }
  | { phase: "encoding"; step: "download" | "run"; progress: number }
  | { phase: "ready"; source: "server" | "browser" }
  | { phase: "error"; message: string };

export interface ImageSession {
  imageId: string | null;
  bitmap: ImageBitmap | null;
  embedding: ImageEmbedding | null;
  state: EmbeddingPhase;
}

let encoder: Promise<BrowserEncoder> | null = null;
function browserEncoder(runtime: LoadedRuntime, model: DeployedModel, onProgress: (f: number) => void): Promise<BrowserEncoder> {
  encoder ??= fetchVerifiedModel(model.encoder.url, model.encoder.sha256, (loaded, total) => onProgress(total ? loaded / total : 0)).then((bytes) =>
    BrowserEncoder.create(runtime, bytes),
  );
  encoder.catch(() => {
    encoder = null;
  });
  return encoder;
}

async function loadBitmap(imageId: string, signal: AbortSignal): Promise<ImageBitmap> {
  const response = await fetch(`/api/images/${imageId}/file`, { signal });
  if (!response.ok) throw new Error(`Image download failed: ${response.status}`);
  return createImageBitmap(await response.blob());
}

export function useImageEmbedding(image: ImageToLoad | null, runtime: LoadedRuntime | null, model: DeployedModel | null): ImageSession {
  const [session, setSession] = useState<ImageSession>({ imageId: null, bitmap: null, embedding: null, state: { phase: "idle" } });
  const imageId = image?.id ?? null;

  useEffect(() => {
    if (!image || !runtime || !model) return;
    const controller = new AbortController();
    const { signal } = controller;
    const update = (s: Partial<ImageSession>) => !signal.aborted && setSession((prev) => ({ ...prev, ...s }));
    setSession({ imageId: image.id, bitmap: null, embedding: null, state: { phase: "loading" } });
    (async () => {
      const [bitmap, serverEmbedding] = await Promise.all([
        loadBitmap(image.id, signal),
        fetchServerEmbedding(`/api/images/${image.id}/embedding`, signal).catch(() => null),
      ]);
      update({ bitmap });
      if (serverEmbedding) {
        update({ embedding: serverEmbedding, state: { phase: "ready", source: "server" } });
        return;
      }
      update({ state: { phase: "encoding", step: "download", progress: 0 } });
      const enc = await browserEncoder(runtime, model, (progress) => update({ state: { phase: "encoding", step: "download", progress } }));
      update({ state: { phase: "encoding", step: "run", progress: 1 } });
      const embedding = await enc.embed(bitmap, image.width, image.height);
      update({ embedding, state: { phase: "ready", source: "browser" } });
    })().catch((e: unknown) => {
      if (!signal.aborted) update({ state: { phase: "error", message: e instanceof Error ? e.message : String(e) } });
    });
    return () => controller.abort();
  }, [imageId, runtime, model]); // the image identity is what matters: width/height come with it

  return session;
}
