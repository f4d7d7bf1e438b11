"use client";
// The decoder in use, and model hot-swap: when the server deploys a new version, it is
// downloaded in the background, verified against its SHA-256 and staged; the workspace adopts
// it at the next image, so a mask is never produced by two models. A failed download keeps
// the current model. Decoding runs in a worker (worker-decoder.ts) that verifies every file again.
import { useCallback, useEffect, useRef, useState } from "react";
import { DecoderEngine, type MaskDecoder } from "@/lib/sam-browser/decoder-engine";
import type { DeployedModel } from "@/lib/sam-browser/deployed-model";
import { fetchVerifiedModel } from "@/lib/sam-browser/model-cache";
import { loadRuntime, type LoadedRuntime } from "@/lib/sam-browser/ort-loader";
import { WorkerDecoder } from "@/lib/sam-browser/worker-decoder";

export interface LoadedModel {
  model: DeployedModel;
  /** Single-mask decoder: every click after the first. */
  engine: MaskDecoder;
  /** Multimask decoder (first click, 3 candidates); null when unavailable — annotation goes on single-mask. */
  multimaskEngine: MaskDecoder | null;
}

export interface SamModelState {
  runtime: LoadedRuntime | null;
  active: LoadedModel | null;
  staged: LoadedModel | null;
  /** Download progress of the first model (0..1), null when not downloading. */
  progress: number | null;
  error: string | null;
  /** Why the last background update failed (the active model stays in use). */
  updateError: string | null;
  adoptStaged(): LoadedModel | null;
}

/**
 * `?decoder=main-thread` runs the single-mask decoder files on the page's thread as before the
 * decoder worker existed, `?decoder=worker-single` runs them in the worker without the factored
 * form: the click-latency benchmark's baselines, measured beside the default.
 */
function decoderMode(): "default" | "main-thread" | "worker-single" {
  const mode = typeof location === "undefined" ? null : new URLSearchParams(location.search).get("decoder");
  return mode === "main-thread" || mode === "worker-single" ? mode : "default";
}

async function loadModel(runtime: LoadedRuntime, model: DeployedModel, onProgress?: (f: number) => void): Promise<LoadedModel> {
  const progress = (loaded: number, total: number | null) => onProgress?.(total ? loaded / total : 0);
  const mode = decoderMode();
  if (mode === "main-thread") {
    const bytes = await fetchVerifiedModel(model.decoderUrl, model.sha256, progress);
    const engine = await DecoderEngine.create(runtime, bytes, model.sha256);
    return { model, engine, multimaskEngine: await loadMultimask(runtime, model) };
  }
  // Downloaded here for the progress bar (into Cache Storage, verified); the worker reads them from
  // the cache and verifies every file again before creating its sessions.
  const factored = mode === "worker-single" ? null : model.factored;
  const main = factored?.decoder ?? { url: model.decoderUrl, sha256: model.sha256 };
  // a factored file that fails here is retried (and then skipped) by the worker
  await fetchVerifiedModel(main.url, main.sha256, progress).catch((error: unknown) => {
    if (!factored) throw error;
  });
  const decoder = await WorkerDecoder.create({ single: { url: model.decoderUrl, sha256: model.sha256 }, multimask: model.multimask, factored }, model.sha256, runtime.backend);
  return { model, engine: decoder.single, multimaskEngine: decoder.hasCandidates ? decoder.candidates : null };
}

/** The candidate picker is optional: a multimask decoder that fails to download or verify is skipped. */
async function loadMultimask(runtime: LoadedRuntime, model: DeployedModel): Promise<DecoderEngine | null> {
  if (!model.multimask) return null;
  try {
    const bytes = await fetchVerifiedModel(model.multimask.url, model.multimask.sha256);
    return await DecoderEngine.create(runtime, bytes, model.multimask.sha256);
  } catch (error) {
    console.warn(`Multimask decoder of ${model.label} unavailable; using single-mask output only.`, error);
    return null;
  }
}

/** Both decoders switch together: a version whose multimask file appears later is a new model to stage. */
function modelKey(model: DeployedModel): string {
  return `${model.sha256}/${model.multimask?.sha256 ?? "-"}/${model.factored?.decoder.sha256 ?? "-"}/${model.factored?.imageSide.sha256 ?? "-"}`;
}

export function useSamModel(deployed: DeployedModel | undefined): SamModelState {
  const [runtime, setRuntime] = useState<LoadedRuntime | null>(null);
  const [active, setActive] = useState<LoadedModel | null>(null);
  const [staged, setStaged] = useState<LoadedModel | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updateError, setUpdateError] = useState<string | null>(null);
  const activeRef = useRef(active);
  activeRef.current = active;
  const stagedRef = useRef(staged);
  stagedRef.current = staged;
  const loadingSha = useRef<string | null>(null);

  useEffect(() => {
    loadRuntime().then(setRuntime, (e: unknown) => setError(`Could not start the in-browser model runtime: ${e instanceof Error ? e.message : String(e)}`));
  }, []);

  useEffect(() => {
    if (!runtime || !deployed) return;
    const current = activeRef.current && modelKey(activeRef.current.model);
    const key = modelKey(deployed);
    if (key === current || key === (stagedRef.current && modelKey(stagedRef.current.model)) || key === loadingSha.current) return;
    loadingSha.current = key;
    const first = !current;
    if (first) setProgress(0);
    const fallback = deployed.fallback;
    loadModel(runtime, deployed, first ? setProgress : undefined)
      .then((loaded) => {
        if (first) setActive(loaded);
        else setStaged(loaded);
        setUpdateError(null);
      })
      .catch(async (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        if (!first) {
          setUpdateError(`${deployed.label} could not be loaded; still using ${activeRef.current?.model.label}. (${message})`);
          return;
        }
        if (!fallback) {
          setError(`Could not load the model: ${message}`);
          return;
        }
        // Nothing to keep yet: start with the base model rather than not at all.
        try {
          setActive(await loadModel(runtime, { ...fallback, fallback: null }, setProgress));
          setUpdateError(`${deployed.label} could not be loaded; using ${fallback.label}. (${message})`);
        } catch (baseError) {
          setError(`Could not load the model: ${baseError instanceof Error ? baseError.message : String(baseError)}`);
        }
      })
      .finally(() => {
        loadingSha.current = null;
        if (first) setProgress(null);
      });
  }, [runtime, deployed]);

  const adoptStaged = useCallback((): LoadedModel | null => {
    const next = stagedRef.current;
    if (!next) return activeRef.current;
    const previous = activeRef.current;
    activeRef.current = next;
    stagedRef.current = null;
    setActive(next);
    setStaged(null);
    void previous?.engine.release();
    void previous?.multimaskEngine?.release();
    return next;
  }, []);

  return { runtime, active, staged, progress, error, updateError, adoptStaged };
}
