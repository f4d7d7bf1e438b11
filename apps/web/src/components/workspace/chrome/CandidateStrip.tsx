"use client";
// SAM's candidate masks (multimask decoder): small previews with the predicted IoU, 1–3 to pick.
import { useEffect, useRef } from "react";
import type { MaskCandidate } from "../state/types";

function Preview({ mask, width, height }: { mask: Uint8Array; width: number; height: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    canvas.width = width;
    canvas.height = height;
    const data = ctx.createImageData(width, height);
    for (let i = 0; i < mask.length; i++) {
      const o = i * 4;
      data.data[o] = mask[i] ? 45 : 24;
      data.data[o + 1] = mask[i] ? 212 : 24;
      data.data[o + 2] = mask[i] ? 191 : 27;
      data.data[o + 3] = 255;
    }
    ctx.putImageData(data, 0, 0);
  }, [mask, width, height]);
  return <canvas ref={ref} className="h-12 w-16 rounded-sm object-contain" />;
}

export function CandidateStrip(p: { candidates: MaskCandidate[]; chosen: number; width: number; height: number; onChoose(i: number): void }) {
  if (p.candidates.length < 2) return null;
  return (
    <div className="absolute top-3 left-1/2 z-10 flex -translate-x-1/2 gap-2 rounded-lg border border-zinc-700/80 bg-zinc-900/90 p-1.5 shadow-lg backdrop-blur" data-testid="candidates">
      {p.candidates.map((c, i) => (
        <button
          key={i}
          type="button"
          onClick={() => p.onChoose(i)}
          aria-pressed={i === p.chosen}
          data-testid="candidate"
          data-score={c.score}
          title={`Candidate ${i + 1} (${i + 1})`}
          className={`flex flex-col items-center gap-1 rounded-md p-1 text-[11px] ${i === p.chosen ? "bg-accent-700/60 text-white ring-1 ring-accent-500" : "text-zinc-400 hover:bg-zinc-800"}`}
        >
          <Preview mask={c.mask} width={p.width} height={p.height} />
          <span className="tabular-nums">
            <kbd className="font-mono">{i + 1}</kbd> · IoU {Number.isNaN(c.score) ? "–" : c.score.toFixed(2)}
          </span>
        </button>
      ))}
    </div>
  );
}
