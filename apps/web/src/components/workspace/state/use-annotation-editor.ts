"use client";
// The editing session of one image: clicks/box go through the decoder (one at a time, each
// using the previous answer's logits as mask prompt), strokes and candidate choices are local,
// and every change is one undoable step.
import { useCallback, useMemo, useRef, useState } from "react";
import type { DecodedCandidate } from "@/lib/sam-browser/decoder-engine";
import { composeMask } from "./compose-mask";
import { needsRebase, rebaseRestored } from "./rebase-restored";
import { canRedo, canUndo, initHistory, pushHistory, redo, undo, type History } from "./history";
import { chosenCandidate, emptySnapshot, type AnnotationBox, type BrushStroke, type AnnotationClick, type Snapshot } from "./types";

/** Runs the decoder for the given clicks (image pixels) and box, with the previous logits as mask prompt. */
export type Decode = (clicks: readonly AnnotationClick[], box: AnnotationBox | null, previousLowRes: Float32Array | null) => Promise<DecodedCandidate[]>;

function bestCandidate(candidates: readonly DecodedCandidate[]): number {
  let best = 0;
  candidates.forEach((c, i) => {
    if (c.score > (candidates[best]?.score ?? -Infinity)) best = i;
  });
  return best;
}

export interface AnnotationEditor {
  snapshot: Snapshot;
  /** Clicks placed but not yet answered by the decoder, drawn right away. */
  pendingClicks: AnnotationClick[];
  mask: Uint8Array;
  maskVersion: number;
  /** Counts edits (including undo/redo); 0 = as opened. */
  revision: number;
  busy: boolean;
  error: string | null;
  canUndo: boolean;
  canRedo: boolean;
  /** Every click placed on this image (including undone ones), for the click log. */
  clickLog: AnnotationClick[];
  addClick(x: number, y: number, positive: boolean): void;
  setBox(box: AnnotationBox): void;
  addStroke(stroke: BrushStroke): void;
  chooseCandidate(index: number): void;
  clear(): void;
  undo(): void;
  redo(): void;
  reset(initial: Snapshot): void;
}

export function useAnnotationEditor(width: number, height: number, decode: Decode | null, openedAt: number, initial: Snapshot = emptySnapshot): AnnotationEditor {
  const [history, setHistory] = useState<History<Snapshot>>(() => initHistory(initial));
  const [revision, setRevision] = useState(0);
  const [pendingClicks, setPendingClicks] = useState<AnnotationClick[]>([]);
  const [busyCount, setBusyCount] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [clickLog, setClickLog] = useState<AnnotationClick[]>(() => initial.clicks);
  const historyRef = useRef(history);
  historyRef.current = history;
  const chain = useRef<Promise<void>>(Promise.resolve());
  const generation = useRef(0);

  const commit = useCallback((next: Snapshot) => {
    const h = pushHistory(historyRef.current, next);
    historyRef.current = h;
    setHistory(h);
    setRevision((r) => r + 1);
  }, []);

  /** Runs decoder-backed edits in order, each on top of the latest state. */
  const enqueue = useCallback(
    (build: (present: Snapshot) => { points: AnnotationClick[]; box: AnnotationBox | null; next: (c: DecodedCandidate[]) => Snapshot }, onSettled?: () => void) => {
      if (!decode) return;
      const gen = generation.current;
      setBusyCount((n) => n + 1);
      chain.current = chain.current.then(async () => {
        try {
          if (gen !== generation.current) return;
          let present = historyRef.current.present;
          // A restored draft: keep its brush/eraser edits as a layer over the model's answers.
          if (needsRebase(present)) present = await rebaseRestored(present, decode, width, height);
          if (gen !== generation.current) return;
          const request = build(present);
          const previous = chosenCandidate(present)?.lowRes ?? null;
          const candidates = await decode(request.points, request.box, previous);
          if (gen !== generation.current || candidates.length === 0) return;
          commit(request.next(candidates));
          setError(null);
        } catch (e) {
          setError(e instanceof Error ? e.message : String(e));
        } finally {
          onSettled?.();
          setBusyCount((n) => n - 1);
        }
      });
    },
    [decode, commit, width, height],
  );

  const addClick = useCallback(
    (x: number, y: number, positive: boolean) => {
      const click: AnnotationClick = { x, y, positive, t: Math.round(performance.now() - openedAt) };
      setPendingClicks((p) => [...p, click]);
      setClickLog((log) => [...log, click]);
      enqueue(
        (present) => {
          const clicks = [...present.clicks, click];
          return {
            points: clicks,
            box: present.box,
            next: (candidates) => ({ ...present, clicks, prediction: { candidates, chosen: bestCandidate(candidates) } }),
          };
        },
        () => setPendingClicks((p) => p.filter((c) => c !== click)),
      );
    },
    [enqueue, openedAt],
  );

  const setBox = useCallback(
    (box: AnnotationBox) => {
      enqueue((present) => ({
        points: present.clicks,
        box,
        next: (candidates) => ({ ...present, box, prediction: { candidates, chosen: bestCandidate(candidates) } }),
      }));
    },
    [enqueue],
  );

  const addStroke = useCallback((stroke: BrushStroke) => {
    const present = historyRef.current.present;
    commit({ ...present, strokes: [...present.strokes, stroke] });
  }, [commit]);

  const chooseCandidate = useCallback((index: number) => {
    const present = historyRef.current.present;
    if (!present.prediction || index >= present.prediction.candidates.length || index === present.prediction.chosen) return;
    commit({ ...present, prediction: { ...present.prediction, chosen: index } });
  }, [commit]);

  const clear = useCallback(() => {
    const present = historyRef.current.present;
    if (present.clicks.length === 0 && !present.box && !present.prediction && present.strokes.length === 0) return;
    commit(emptySnapshot);
  }, [commit]);

  const move = useCallback((step: (h: History<Snapshot>) => History<Snapshot>) => {
    const h = step(historyRef.current);
    if (h === historyRef.current) return;
    historyRef.current = h;
    setHistory(h);
    setRevision((r) => r + 1);
  }, []);

  const reset = useCallback((initial: Snapshot) => {
    generation.current++;
    const h = initHistory(initial);
    historyRef.current = h;
    setHistory(h);
    setPendingClicks([]);
    setClickLog(initial.clicks);
    setError(null);
    setRevision((r) => r + 1);
  }, []);

  const mask = useMemo(() => composeMask(history.present, width, height), [history.present, width, height]);
  // A new composed mask = a new version; the viewer reports back when it has drawn it.
  const versionCounter = useRef(0);
  const maskVersion = useMemo(() => {
    void mask;
    return ++versionCounter.current;
  }, [mask]);

  return {
    snapshot: history.present,
    pendingClicks,
    mask,
    maskVersion,
    revision,
    busy: busyCount > 0,
    error,
    canUndo: canUndo(history),
    canRedo: canRedo(history),
    clickLog,
    addClick,
    setBox,
    addStroke,
    chooseCandidate,
    clear,
    undo: useCallback(() => move(undo), [move]),
    redo: useCallback(() => move(redo), [move]),
    reset,
  };
}
