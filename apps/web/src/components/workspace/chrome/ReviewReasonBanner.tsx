"use client";
// A mask a lead rejected comes back with the reason; it stays visible while the annotator fixes it.
export function ReviewReasonBanner({ reason }: { reason: string }) {
  return (
    <div className="absolute top-3 left-1/2 z-10 flex max-w-xl -translate-x-1/2 items-start gap-2.5 rounded-lg border border-amber-300/30 bg-amber-950/90 px-3.5 py-2 text-[13px] text-amber-50 shadow-lg" role="status" data-testid="review-reason">
      <span className="mt-0.5 shrink-0 rounded bg-amber-400/20 px-1.5 py-px text-[11px] font-semibold tracking-wide text-amber-200 uppercase">Returned</span>
      <span>
        Your lead sent this mask back: <span className="font-medium">“{reason}”</span> Fix it and submit again.
      </span>
    </div>
  );
}
