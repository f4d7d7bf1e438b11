"use client";
// A lead corrects a submitted mask with the workspace's own editor: the submission opens like a
// restored draft (its clicks replayed, its brush edits kept), then smart clicks, brush and eraser,
// undo/redo; Enter accepts the corrected mask, Esc goes back to the review without changes.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { decodeMaskRle, encodeMaskRle, type MaskRle } from "@clickloop/api/browser";
import { ToolRail } from "@/components/workspace/chrome/ToolRail";
import { LoadingOverlay } from "@/components/workspace/chrome/LoadingOverlay";
import { useEditorShortcuts } from "@/components/workspace/session/use-editor-shortcuts";
import { useImageEmbedding } from "@/components/workspace/session/use-image-embedding";
import { useSamModel } from "@/components/workspace/session/use-sam-model";
import { useAnnotationEditor, type Decode } from "@/components/workspace/state/use-annotation-editor";
import { emptySnapshot, type Snapshot } from "@/components/workspace/state/types";
import { MaskViewer, type Tool, type ViewerHandle } from "@/components/workspace/viewer/MaskViewer";
import type { OverlayStyle } from "@/components/workspace/viewer/overlay";
import type { RouterOutputs } from "@/lib/trpc/types";
import { useTRPC } from "@/lib/trpc/react";

type Detail = RouterOutputs["review"]["item"];
const OVERLAY_CYCLE: OverlayStyle[] = ["both", "fill", "outline"];

function submittedSnapshot(detail: Detail): Snapshot {
  const a = detail.annotation;
  if (!a.mask) return emptySnapshot;
  return {
    clicks: a.clicks,
    box: a.box,
    prediction: { candidates: [{ mask: decodeMaskRle(a.mask), lowRes: null, score: Number.NaN }], chosen: 0 },
    edits: null,
    strokes: [],
  };
}

export interface CorrectionEditorProps {
  projectId: string;
  detail: Detail;
  bitmap: ImageBitmap;
  pending: boolean;
  error: string | null;
  onCancel(): void;
  onAccept(mask: MaskRle): void;
}

export function CorrectionEditor({ projectId, detail, bitmap, pending, error, onCancel, onAccept }: CorrectionEditorProps) {
  const trpc = useTRPC();
  const { image } = detail;
  const deployed = useQuery(trpc.model.deployed.queryOptions({ projectId }));
  const sam = useSamModel(deployed.data);
  const model = sam.active;
  const session = useImageEmbedding(image, sam.runtime, model?.model ?? null);
  const [openedAt] = useState(() => performance.now());
  const [initial] = useState(() => submittedSnapshot(detail));
  const embedding = session.embedding;

  const decode = useMemo<Decode | null>(() => {
    if (!embedding || !model) return null;
    return (clicks, box, previousLowRes) =>
      (clicks.length === 1 && !box && !previousLowRes && model.multimaskEngine ? model.multimaskEngine : model.engine).decode({
        embedding,
        size: { width: image.width, height: image.height },
        clicks: clicks.map((c) => ({ x: c.x, y: c.y, label: c.positive ? 1 : 0 })),
        box: box ? [box.x0, box.y0, box.x1, box.y1] : null,
        previousLowRes,
      });
  }, [embedding, model, image.width, image.height]);

  const editor = useAnnotationEditor(image.width, image.height, decode, openedAt, initial);
  const [tool, setTool] = useState<Tool>("paint");
  const [brushRadius, setBrushRadius] = useState(() => Math.max(3, Math.round(Math.max(image.width, image.height) / 80)));
  const [overlayStyle, setOverlayStyle] = useState<OverlayStyle>("both");
  const [opacity, setOpacity] = useState(0.4);
  const [maskHidden, setMaskHidden] = useState(false);
  const viewer = useRef<ViewerHandle>(null);
  const smartReady = decode !== null;
  const changed = editor.revision > 0;

  const accept = () => {
    if (pending || editor.busy || !changed) return;
    onAccept(encodeMaskRle(editor.mask, image.width, image.height));
  };

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
      resetAdjustments: () => undefined,
      submit: accept,
      skip: () => undefined,
      toggleHelp: () => undefined,
      escape: onCancel,
    },
    true,
  );

  return (
    <div className="fixed inset-0 z-50 flex flex-col bg-zinc-950 text-zinc-200" data-testid="review-correction">
      <header className="flex h-12 shrink-0 items-center gap-4 border-b border-zinc-800 bg-zinc-900 px-3">
        <span className="rounded bg-amber-400/15 px-2 py-0.5 text-[12px] font-medium text-amber-200">Correcting</span>
        <span className="truncate text-[13px] text-zinc-400">
          {detail.annotation.annotator?.name ?? "Submission"}&apos;s mask of {image.name} — brush <kbd className="font-mono">B</kbd>, eraser <kbd className="font-mono">E</kbd>, smart clicks{" "}
          <kbd className="font-mono">V</kbd>
          {!smartReady && " (loading the model…)"}
        </span>
        <div className="flex-1" />
        <button type="button" onClick={onCancel} className="h-8 rounded-md px-3 text-[13px] text-zinc-300 hover:bg-zinc-800">
          Cancel <kbd className="ml-1 font-mono text-[11px] text-zinc-500">Esc</kbd>
        </button>
        <button
          type="button"
          onClick={accept}
          disabled={pending || editor.busy || !changed}
          title={changed ? "Accept the corrected mask (Enter)" : "Change the mask first"}
          className="flex h-8 items-center gap-2 rounded-md bg-emerald-600 px-3.5 text-[13px] font-medium text-white hover:bg-emerald-500 disabled:opacity-50"
          data-testid="accept-corrected"
        >
          {pending ? "Accepting…" : "Accept corrected"} <kbd className="rounded bg-black/20 px-1 font-mono text-[11px]">↵</kbd>
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
          onHelp={() => undefined}
        />
        <div className="relative min-w-0 flex-1">
          <MaskViewer
            handleRef={viewer}
            image={bitmap}
            width={image.width}
            height={image.height}
            mask={maskHidden ? null : editor.mask}
            maskVersion={editor.maskVersion}
            clicks={[...editor.snapshot.clicks, ...editor.pendingClicks]}
            box={editor.snapshot.box}
            tool={tool}
            brushRadius={brushRadius}
            overlayStyle={overlayStyle}
            opacity={opacity}
            brightness={1}
            contrast={1}
            busy={editor.busy}
            onClick={smartReady ? editor.addClick : () => undefined}
            onBox={smartReady ? editor.setBox : () => undefined}
            onStroke={editor.addStroke}
          />
          {tool === "smart" && <LoadingOverlay state={session.state} />}
          {(error || editor.error || sam.error) && (
            <div className="absolute top-3 right-3 z-20 max-w-md rounded-lg border border-red-900/60 bg-red-950/90 px-3.5 py-2.5 text-[13px] text-red-100" role="alert">
              {error ?? editor.error ?? sam.error}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
