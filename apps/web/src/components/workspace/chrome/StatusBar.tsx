"use client";
import { useEffect, useState } from "react";
import { formatParts, formatRank, type ScoreLike } from "@/lib/score-format";
import type { SaveState } from "../session/use-autosave";

export interface StatusBarProps {
  modelLabel: string | null;
  modelUpdate: string | null;
  modelError: string | null;
  backend: string | null;
  saveState: SaveState;
  saveMessage: string | null;
  /** performance.now() when the image was opened, minus time already spent in earlier sessions. */
  timerOrigin: number;
  clickCount: number;
  zoomHint: string;
  imageName: string;
  /** Why the queue served this image (null: not scored yet, served in upload order). */
  queueRank: ScoreLike | null;
}

const saveStyles: Record<SaveState, { label: string; dot: string }> = {
  saved: { label: "Saved", dot: "bg-emerald-400" },
  saving: { label: "Saving…", dot: "bg-sky-400 animate-pulse" },
  unsaved: { label: "Unsaved changes", dot: "bg-zinc-400" },
  offline: { label: "Offline — retrying", dot: "bg-amber-400" },
  conflict: { label: "Not saved: conflict", dot: "bg-red-500" },
};

function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function Timer({ origin }: { origin: number }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const id = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return <span className="tabular-nums">{formatDuration(now - origin)}</span>;
}

function Item({ children, title, testId }: { children: React.ReactNode; title?: string; testId?: string }) {
  return (
    <span className="flex items-center gap-1.5 whitespace-nowrap" title={title} data-testid={testId}>
      {children}
    </span>
  );
}

export function StatusBar(p: StatusBarProps) {
  const save = saveStyles[p.saveState];
  return (
    <footer className="flex h-8 shrink-0 items-center gap-5 border-t border-zinc-800 bg-zinc-900 px-3 text-[12px] text-zinc-400">
      <Item title={p.saveMessage ?? undefined} testId="save-state">
        <span className={`size-2 rounded-full ${save.dot}`} aria-hidden="true" />
        <span data-state={p.saveState}>{save.label}</span>
      </Item>
      <Item title="Time on this image">
        <span className="text-zinc-500">Time</span> <Timer origin={p.timerOrigin} />
      </Item>
      <Item testId="click-count">
        <span className="text-zinc-500">Clicks</span> <span className="tabular-nums text-zinc-300">{p.clickCount}</span>
      </Item>
      <Item>
        <span className="text-zinc-500">Zoom</span> <span className="tabular-nums">{p.zoomHint}</span>
      </Item>
      <Item testId="queue-rank" title={p.queueRank ? formatParts(p.queueRank) : "Not scored yet: served in upload order"}>
        <span className="text-zinc-500">Queue</span> <span className="tabular-nums text-zinc-300">{p.queueRank ? formatRank(p.queueRank) : "upload order"}</span>
      </Item>
      <span className="min-w-0 flex-1 truncate text-zinc-500" title={p.imageName}>
        {p.imageName}
      </span>
      {p.modelUpdate && (
        <Item testId="model-update">
          <span className="text-sky-300">{p.modelUpdate}</span>
        </Item>
      )}
      {p.modelError && (
        <Item title={p.modelError} testId="model-error">
          <span className="max-w-80 truncate text-amber-300">{p.modelError}</span>
        </Item>
      )}
      <Item testId="model-version" title={p.backend ?? undefined}>
        <span className="text-zinc-500">Model</span> <span className="text-zinc-300">{p.modelLabel ?? "loading…"}</span>
        {p.backend && <span className="text-zinc-600">· {p.backend}</span>}
      </Item>
    </footer>
  );
}
