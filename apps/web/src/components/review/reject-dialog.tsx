"use client";
// Rejecting needs a reason the annotator can act on: a short list (keys 1–5) plus free text.
import { useEffect, useRef, useState } from "react";

export const REJECT_REASONS = [
  "Boundary inaccurate",
  "Part of the lesion missed",
  "Includes tissue outside the lesion",
  "Wrong structure segmented",
  "Should have been skipped",
];

export function RejectDialog({ onReject, onCancel, pending }: { onReject(reason: string): void; onCancel(): void; pending: boolean }) {
  const [preset, setPreset] = useState<string | null>(REJECT_REASONS[0]!);
  const [note, setNote] = useState("");
  const formRef = useRef<HTMLFormElement>(null);
  const reason = [preset, note.trim()].filter(Boolean).join(": ");

  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>("input[type=radio]:checked")?.focus();
  }, []);

  return (
    <div className="absolute inset-0 z-30 flex items-center justify-center bg-zinc-950/70" role="dialog" aria-modal="true" aria-label="Reject mask" onClick={onCancel}>
      <form
        ref={formRef}
        className="w-full max-w-md rounded-xl border border-zinc-700 bg-zinc-900 p-5 text-zinc-200 shadow-2xl"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          if (reason) onReject(reason);
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Escape") onCancel();
          const inText = e.target instanceof HTMLTextAreaElement;
          if (!inText && /^[1-5]$/.test(e.key)) {
            e.preventDefault();
            setPreset(REJECT_REASONS[Number(e.key) - 1]!);
          }
          if (inText && e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            if (reason) onReject(reason);
          }
        }}
      >
        <h2 className="text-sm font-semibold text-zinc-100">Send back to the annotator</h2>
        <p className="mt-1 text-[12px] text-zinc-500">The mask returns to their queue with this reason; their resubmission comes back here.</p>
        <fieldset className="mt-4 space-y-1.5 text-[13px]">
          {REJECT_REASONS.map((r, i) => (
            <label key={r} className="flex cursor-pointer items-center gap-2.5 rounded-md px-2 py-1 hover:bg-zinc-800/70">
              <input type="radio" name="reason" value={r} checked={preset === r} onChange={() => setPreset(r)} className="accent-teal-400" />
              <span className="flex-1">{r}</span>
              <kbd className="rounded border border-zinc-700 px-1.5 font-mono text-[11px] text-zinc-500">{i + 1}</kbd>
            </label>
          ))}
          <label className="flex cursor-pointer items-center gap-2.5 rounded-md px-2 py-1 hover:bg-zinc-800/70">
            <input type="radio" name="reason" checked={preset === null} onChange={() => setPreset(null)} className="accent-teal-400" />
            <span>Other (describe below)</span>
          </label>
        </fieldset>
        <textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={400}
          rows={2}
          placeholder={preset ? "Add detail for the annotator (optional)" : "What should the annotator change?"}
          className="mt-3 w-full resize-none rounded-md border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-[13px] outline-none placeholder:text-zinc-600 focus:border-accent-500"
          data-testid="reject-note"
        />
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={onCancel} className="h-8 rounded-md px-3 text-[13px] text-zinc-400 hover:bg-zinc-800">
            Cancel
          </button>
          <button type="submit" disabled={!reason || pending} className="h-8 rounded-md bg-red-500 px-3.5 text-[13px] font-medium text-white hover:bg-red-400 disabled:opacity-50" data-testid="confirm-reject">
            {pending ? "Sending back…" : "Reject and send back"}
          </button>
        </div>
      </form>
    </div>
  );
}
