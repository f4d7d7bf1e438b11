"use client";
// One image in the workspace: viewer, tools, candidates, status; saving and submitting.
// Mounted with key = image id, so every image starts from a clean editing state.
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { decodeMaskRle } from "@clickloop/api/browser";
import type { MaskDecoder } from "@/lib/sam-browser/decoder-engine";
import type { DeployedModel } from "@/lib/sam-browser/deployed-model";
import type { LoadedRuntime } from "@/lib/sam-browser/ort-loader";
import { AdjustPanel } from "./chrome/AdjustPanel";
import { CandidateStrip } from "./chrome/CandidateStrip";
import { ArrowLeftIcon } from "./chrome/icons";
import { ShortcutHelp } from "./chrome/ShortcutHelp";
import { SkipDialog } from "./chrome/SkipDialog";
import { StatusBar } from "./chrome/StatusBar";
import { ToolRail } from "./chrome/ToolRail";
import { useAnnotationPersistence } from "./session/use-annotation-persistence";
import { useEditorShortcuts } from "./session/use-editor-shortcuts";
import { useImageEmbedding } from "./session/use-image-embedding";
import type { QueueItem } from "./session/workspace-api";
import { useAnnotationEditor, type Decode } from "./state/use-annotation-editor";
import { emptySnapshot, type Snapshot } from "./state/types";
import { LoadingOverlay } from "./chrome/LoadingOverlay";
import { ReviewReasonBanner } from "./chrome/ReviewReasonBanner";
import { MaskViewer, type Tool, type ViewerHandle } from "./viewer/MaskViewer";
import type { OverlayStyle } from "./viewer/overlay";

export interface ImageEditorProps {
  projectId: string;
  projectName: string;
  targetLabel: string;
  item: QueueItem;
  openImages: number;
  runtime: LoadedRuntime;
  model: DeployedModel;
  engine: MaskDecoder;
  /** SAM's multimask decoder for the first click (candidate picker); null = single-mask only. */
  multimaskEngine: MaskDecoder | null;
  stagedModelLabel: string | null;
  modelUpdateError: string | null;
  onFinished(): void;
}

const OVERLAY_CYCLE: OverlayStyle[] = ["both", "fill", "outline"];

/** The saved draft as the editor's first snapshot (its mask stands in for the model's answer). */
function restoredSnapshot(item: QueueItem): Snapshot {
  const a = item.annotation;
  // A mask a lead sent back opens like a draft: the annotator fixes it and resubmits.
  if (!a || (a.status !== "draft" && a.status !== "rejected")) return emptySnapshot;
  return {
    clicks: a.clicks,
    box: a.box,
    prediction: a.mask ? { candidates: [{ mask: decodeMaskRle(a.mask), lowRes: null, score: Number.NaN }], chosen: 0 } : null,
    edits: null,
    strokes: [],
  };
}

export function ImageEditor(props: ImageEditorProps) {
  const { item, engine, multimaskEngine, model } = props;
  const { image } = item;
  const [openedAt] = useState(() => performance.now());
  const [initial] = useState(() => restoredSnapshot(item));
  const session = useImageEmbedding(image, props.runtime, model);
  const embedding = session.embedding;

  // the per-image part of the decoder (image side of a factored model) runs when the image opens,
  // and the image counts as ready once it is done
  const [preparedFor, setPreparedFor] = useState<typeof embedding>(null);
  useEffect(() => {
    if (!embedding) return;
    const done = () => setPreparedFor(embedding);
    engine.prepare(embedding).then(done, done); // a failure resurfaces at the first click
  }, [embedding, engine]);

  const decode = useMemo<Decode | null>(() => {
    if (!embedding) return null;
    // SAM's practice: 3 candidates for the very first click (no box, no mask prompt yet), then the
    // single-mask output fed with the chosen candidate's logits for every later click.
    return (clicks, box, previousLowRes) =>
      (clicks.length === 1 && !box && !previousLowRes && multimaskEngine ? multimaskEngine : engine).decode({
        embedding,
        size: { width: image.width, height: image.height },
        clicks: clicks.map((c) => ({ x: c.x, y: c.y, label: c.positive ? 1 : 0 })),
        box: box ? [box.x0, box.y0, box.x1, box.y1] : null,
        previousLowRes,
      });
  }, [embedding, engine, multimaskEngine, image.width, image.height]);

  const editor = useAnnotationEditor(image.width, image.height, decode, openedAt, initial);
  const persistence = useAnnotationPersistence(props.projectId, item, editor, model, openedAt, initial.clicks.length);

  const [tool, setTool] = useState<Tool>("smart");
  const [brushRadius, setBrushRadius] = useState(() => Math.max(3, Math.round(Math.max(image.width, image.height) / 80)));
  const [overlayStyle, setOverlayStyle] = useState<OverlayStyle>("both");
  const [opacity, setOpacity] = useState(0.4);
  const [maskHidden, setMaskHidden] = useState(false);
  const [brightness, setBrightness] = useState(1);
  const [contrast, setContrast] = useState(1);
  const [scale, setScale] = useState(1);
  const [help, setHelp] = useState(false);
  const [skipping, setSkipping] = useState(false);
  const viewer = useRef<ViewerHandle>(null);

  // Latency marks (read by the click-latency benchmark): click → mask on screen.
  const pendingMeasure = useRef<{ start: number; version: number } | null>(null);
  const onClick = useCallback(
    (x: number, y: number, positive: boolean) => {
      pendingMeasure.current ??= { start: performance.now(), version: editor.maskVersion };
      editor.addClick(x, y, positive);
    },
    [editor],
  );
  const onMaskDrawn = useCallback((version: number) => {
    const m = pendingMeasure.current;
    if (m && version !== m.version) {
      performance.measure("clickloop:click-to-mask", { start: m.start, end: performance.now() });
      pendingMeasure.current = null;
    }
  }, []);
  useEffect(() => {
    if (session.state.phase === "ready" && preparedFor) performance.measure("clickloop:image-ready", { start: openedAt, end: performance.now() });
  }, [session.state.phase, preparedFor, openedAt]);

  const ready = session.state.phase === "ready" && session.bitmap !== null && preparedFor !== null && preparedFor === embedding;
  const busyAction = persistence.pending !== null;

  const submit = useCallback(async () => {
    if (!ready || editor.busy || busyAction) return;
    if (await persistence.submit()) props.onFinished();
  }, [ready, editor.busy, busyAction, persistence, props]);

  const skip = useCallback(
    async (reason: string) => {
      if (await persistence.skip(reason)) props.onFinished();
      else setSkipping(false);
    },
    [persistence, props],
  );

  useEditorShortcuts(
    {
      undo: editor.undo,
      redo: editor.redo,
      clear: editor.clear,
      setTool,
      brush: (d) => setBrushRadius((r) => Math.min(80, Math.max(1, r + d))),
      candidate: editor.chooseCandidate,
      fit: () => viewer.current?.fit(),
      zoom: (f) => viewer.current?.zoom(f),
      pan: (dx, dy) => viewer.current?.pan(dx, dy),
      cycleOverlay: () => setOverlayStyle((s) => OVERLAY_CYCLE[(OVERLAY_CYCLE.indexOf(s) + 1) % OVERLAY_CYCLE.length]!),
      hideMask: setMaskHidden,
      opacity: (d) => setOpacity((o) => Math.min(0.9, Math.max(0.1, Math.round((o + d) * 100) / 100))),
      resetAdjustments: () => {
        setBrightness(1);
        setContrast(1);
      },
      submit: () => void submit(),
      skip: () => setSkipping(true),
      toggleHelp: () => setHelp((h) => !h),
      escape: () => setHelp(false),
    },
    !skipping,
  );

  const prediction = editor.snapshot.prediction;
  const clicksShown = useMemo(() => [...editor.snapshot.clicks, ...editor.pendingClicks], [editor.snapshot.clicks, editor.pendingClicks]);
  const error = editor.error ?? persistence.actionError;

  return (
    <div className="fixed inset-0 z-50 flex flex-col bg-zinc-950 text-zinc-200" data-testid="workspace" data-image-id={image.id}>
      <header className="flex h-12 shrink-0 items-center gap-4 border-b border-zinc-800 bg-zinc-900 px-3">
        <Link href={`/projects/${props.projectId}`} className="flex items-center gap-1.5 rounded-md px-2 py-1 text-[13px] text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100">
          <ArrowLeftIcon className="size-4" />
          {props.projectName}
        </Link>
        <div className="h-5 w-px bg-zinc-800" />
        <div className="min-w-0 text-[13px]">
          <span className="text-zinc-500">Segment the </span>
          <span className="font-medium text-zinc-100">{props.targetLabel}</span>
          <span className="ml-3 text-zinc-500 tabular-nums" data-testid="queue-remaining">
            {props.openImages} open in queue
          </span>
        </div>
        <div className="flex-1" />
        <AdjustPanel
          brightness={brightness}
          contrast={contrast}
          opacity={opacity}
          brushRadius={brushRadius}
          showBrush={tool !== "smart"}
          onBrightness={setBrightness}
          onContrast={setContrast}
          onOpacity={setOpacity}
          onBrushRadius={setBrushRadius}
        />
        <div className="h-5 w-px bg-zinc-800" />
        <button
          type="button"
          onClick={() => setSkipping(true)}
          disabled={busyAction}
          title="Skip this image (S)"
          className="h-8 rounded-md px-3 text-[13px] text-zinc-300 hover:bg-zinc-800 disabled:opacity-50"
          data-testid="skip"
        >
          Skip
        </button>
        <button
          type="button"
          onClick={() => void submit()}
          disabled={!ready || editor.busy || busyAction}
          title="Submit and open the next image (Enter)"
          className="flex h-8 items-center gap-2 rounded-md bg-accent-600 px-3.5 text-[13px] font-medium text-white shadow-sm hover:bg-accent-500 disabled:opacity-50"
          data-testid="submit"
        >
          {persistence.pending === "submit" ? "Submitting…" : "Submit"}
          <kbd className="rounded bg-black/20 px-1 font-mono text-[11px]">↵</kbd>
        </button>
      </header>

      <div className="flex min-h-0 flex-1">
        <ToolRail
          tool={tool}
          onTool={setTool}
          canUndo={editor.canUndo}
          canRedo={editor.canRedo}
          onUndo={editor.undo}
          onRedo={editor.redo}
          onClear={editor.clear}
          overlayStyle={overlayStyle}
          onCycleOverlay={() => setOverlayStyle((s) => OVERLAY_CYCLE[(OVERLAY_CYCLE.indexOf(s) + 1) % OVERLAY_CYCLE.length]!)}
          onFit={() => viewer.current?.fit()}
          onHelp={() => setHelp((h) => !h)}
        />
        <div className="relative min-w-0 flex-1" data-ready={ready ? "true" : "false"} data-testid="viewer-area">
          <MaskViewer
            handleRef={viewer}
            image={session.bitmap}
            width={image.width}
            height={image.height}
            mask={maskHidden ? null : editor.mask}
            maskVersion={editor.maskVersion}
            clicks={clicksShown}
            box={editor.snapshot.box}
            tool={tool}
            brushRadius={brushRadius}
            overlayStyle={overlayStyle}
            opacity={opacity}
            brightness={brightness}
            contrast={contrast}
            busy={editor.busy}
            onClick={ready ? onClick : () => undefined}
            onBox={ready ? editor.setBox : () => undefined}
            onStroke={editor.addStroke}
            onMaskDrawn={onMaskDrawn}
            onScaleChange={setScale}
          />
          {prediction && (
            <CandidateStrip candidates={prediction.candidates} chosen={prediction.chosen} width={image.width} height={image.height} onChoose={editor.chooseCandidate} />
          )}
          <LoadingOverlay state={session.state} />
          {item.annotation?.reviewReason && <ReviewReasonBanner reason={item.annotation.reviewReason} />}
          {ready && editor.snapshot.clicks.length === 0 && !prediction && editor.snapshot.strokes.length === 0 && (
            <div className="pointer-events-none absolute bottom-4 left-1/2 -translate-x-1/2 rounded-full bg-zinc-900/85 px-4 py-1.5 text-[12px] text-zinc-300 shadow">
              Click inside the {props.targetLabel} · right-click to exclude · drag for a box · <kbd className="font-mono">?</kbd> for shortcuts
            </div>
          )}
          {(error || persistence.autosave.state === "conflict" || persistence.leaseLost) && (
            <div className="absolute top-3 right-3 z-20 max-w-md rounded-lg border border-red-900/60 bg-red-950/90 px-3.5 py-2.5 text-[13px] text-red-100 shadow-lg" role="alert" data-testid="workspace-error">
              {persistence.autosave.state === "conflict" ? persistence.autosave.message : error}
              {persistence.autosave.state === "conflict" && (
                <button type="button" onClick={() => window.location.reload()} className="mt-2 block rounded-md bg-red-100 px-2.5 py-1 text-[12px] font-medium text-red-950 hover:bg-white">
                  Reload the latest version
                </button>
              )}
              {persistence.leaseLost && <p>Your hold on this image expired and another annotator may have it now.</p>}
            </div>
          )}
          {help && <ShortcutHelp onClose={() => setHelp(false)} />}
          {skipping && <SkipDialog pending={persistence.pending === "skip"} onSkip={(r) => void skip(r)} onCancel={() => setSkipping(false)} />}
        </div>
      </div>

      <StatusBar
        modelLabel={model.label}
        modelUpdate={props.stagedModelLabel ? `${props.stagedModelLabel} ready — used from the next image` : null}
        modelError={props.modelUpdateError}
        backend={`${props.runtime.backend === "webgpu" ? "WebGPU" : "WASM"}${props.runtime.threads > 1 ? ` ×${props.runtime.threads}` : ""}`}
        saveState={persistence.autosave.state}
        saveMessage={persistence.autosave.message}
        timerOrigin={persistence.timerOrigin}
        clickCount={persistence.clickCount}
        zoomHint={`${Math.round(scale * 100)}%`}
        imageName={image.name}
      />
    </div>
  );
}
