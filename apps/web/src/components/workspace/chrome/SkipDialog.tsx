"use client";
// Skipping needs a reason: leads review skipped images, and "no lesion" differs from "unreadable".
import { useState } from "react";

export const SKIP_REASONS = ["No target structure visible", "Image quality too poor", "Ambiguous boundary — needs an expert", "Not an ultrasound image / wrong project"];

export function SkipDialog({ onSkip, onCancel, pending }: { onSkip(reason: string): void; onCancel(): void; pending: boolean }) {
  const [reason, setReason] = useState(SKIP_REASONS[0]!);
  const [other, setOther] = useState("");
  const finalReason = reason === "other" ? other.trim() : reason;
  return (
    <div className="absolute inset-0 z-30 flex items-center justify-center bg-zinc-950/70" role="dialog" aria-modal="true" aria-label="Skip image" onClick={onCancel}>
      <form
        className="w-full max-w-sm rounded-xl border border-zinc-700 bg-zinc-900 p-5 text-zinc-200 shadow-2xl"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          if (finalReason) onSkip(finalReason);
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Escape") onCancel();
        }}
      >
        <h2 className="text-sm font-semibold text-zinc-100">Skip this image</h2>
        <p className="mt-1 text-[12px] text-zinc-500">Why can it not be annotated? Your lead sees the reason.</p>
        <fieldset className="mt-4 space-y-2 text-[13px]">
          {[...SKIP_REASONS, "other"].map((r, i) => (
            <label key={r} className="flex cursor-pointer items-center gap-2">
              <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} autoFocus={i === 0} className="accent-teal-400" />
              {r === "other" ? "Other…" : r}
            </label>
          ))}
          {reason === "other" && (
            <input
              value={other}
              onChange={(e) => setOther(e.target.value)}
              maxLength={500}
              placeholder="Describe the problem"
              className="mt-1 w-full rounded-md border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-[13px] outline-none focus:border-accent-500"
              autoFocus
            />
          )}
        </fieldset>
        <div className="mt-5 flex justify-end gap-2">
          <button type="button" onClick={onCancel} className="h-8 rounded-md px-3 text-[13px] text-zinc-400 hover:bg-zinc-800">
            Cancel
          </button>
          <button type="submit" disabled={!finalReason || pending} className="h-8 rounded-md bg-zinc-100 px-3 text-[13px] font-medium text-zinc-900 hover:bg-white disabled:opacity-50" data-testid="confirm-skip">
            Skip image
          </button>
        </div>
      </form>
    </div>
  );
}
