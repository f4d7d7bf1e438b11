"use client";
// Shown while an image or its embedding is not ready; the browser-side encoder gets a progress bar.
import type { EmbeddingPhase } from "../session/use-image-embedding";

export function LoadingOverlay({ state }: { state: EmbeddingPhase }) {
  if (state.phase === "ready" || state.phase === "idle") return null;
  let label = "Loading image…";
  let progress: number | null = null;
  if (state.phase === "encoding") {
    label = state.step === "download" ? "No server embedding yet — downloading the image encoder…" : "Computing the image embedding in your browser…";
    progress = state.step === "download" ? state.progress : null;
  }
  if (state.phase === "error") label = `Could not prepare this image: ${state.message}`;
  return (
    <div className="pointer-events-none absolute inset-x-0 bottom-6 z-10 flex justify-center" data-testid="image-loading">
      <div className="w-96 rounded-lg border border-zinc-700/80 bg-zinc-900/90 px-4 py-3 text-[12px] text-zinc-300 shadow-lg backdrop-blur">
        <p className={state.phase === "error" ? "text-red-300" : undefined}>{label}</p>
        {state.phase !== "error" && (
          <div className="mt-2 h-1 overflow-hidden rounded-full bg-zinc-800">
            {progress === null ? (
              <div className="h-full w-1/3 animate-pulse rounded-full bg-accent-500" />
            ) : (
              <div className="h-full rounded-full bg-accent-500 transition-[width]" style={{ width: `${Math.round(progress * 100)}%` }} />
            )}
          </div>
        )}
      </div>
    </div>
  );
}
