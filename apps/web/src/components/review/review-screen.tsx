"use client";
// One submission under review: the image with the mask (fill/outline, opacity) and the
// annotator's clicks, the facts beside it, and the decision keys (Enter accept, R reject,
// C correct with the workspace's tools).
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import { decodeMaskRle, type MaskRle } from "@clickloop/api/browser";
import { AdjustPanel } from "@/components/workspace/chrome/AdjustPanel";
import { ArrowLeftIcon } from "@/components/workspace/chrome/icons";
import { MaskViewer, type ViewerHandle } from "@/components/workspace/viewer/MaskViewer";
import type { OverlayStyle } from "@/components/workspace/viewer/overlay";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { CorrectionEditor } from "./correction-editor";
import { RejectDialog } from "./reject-dialog";
import { REVIEW_SHORTCUTS, useReviewShortcuts } from "./review-shortcuts";
import { ReviewSidebar } from "./review-sidebar";
import { useImageBitmap } from "./use-bitmap";

const OVERLAY_CYCLE: OverlayStyle[] = ["both", "fill", "outline"];
const noop = () => undefined;

export interface ReviewScreenProps {
  projectId: string;
  projectName: string;
  annotationId: string;
  position: number;
  total: number;
  onDecided(): void;
  onNext(): void;
  onPrevious(): void;
}

export function ReviewScreen(props: ReviewScreenProps) {
  const { projectId, annotationId } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.review.item.queryOptions({ projectId, annotationId }));
  const image = detail.data?.image ?? null;
  const { bitmap, error: bitmapError } = useImageBitmap(image?.id ?? null);

  const [overlayStyle, setOverlayStyle] = useState<OverlayStyle>("both");
  const [opacity, setOpacity] = useState(0.4);
  const [hidden, setHidden] = useState(false);
  const [showClicks, setShowClicks] = useState(true);
  const [brightness, setBrightness] = useState(1);
  const [contrast, setContrast] = useState(1);
  const [rejecting, setRejecting] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [help, setHelp] = useState(false);
  const [compareWith, setCompareWith] = useState<string | null>(null);
  const viewer = useRef<ViewerHandle>(null);

  const shownRle: MaskRle | null = useMemo(() => {
    const d = detail.data;
    if (!d) return null;
    const other = compareWith ? d.others.find((o) => o.annotationId === compareWith) : null;
    return other ? other.mask : d.annotation.mask;
  }, [detail.data, compareWith]);
  const mask = useMemo(() => (shownRle ? decodeMaskRle(shownRle) : null), [shownRle]);

  const decided = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.review.pathKey() });
    props.onDecided();
  }, [queryClient, trpc, props]);

  const accept = useMutation(trpc.review.accept.mutationOptions({ onSuccess: decided }));
  const reject = useMutation(trpc.review.reject.mutationOptions({ onSuccess: decided }));
  const pending = accept.isPending || reject.isPending;
  const version = detail.data?.annotation.version;
  const ready = !!detail.data && !!bitmap && !pending;

  const doAccept = useCallback(
    (correctedMask?: MaskRle) => {
      if (!ready || version === undefined) return;
      accept.mutate({ projectId, annotationId, expectedVersion: version, correctedMask });
    },
    [ready, version, accept, projectId, annotationId],
  );

  useReviewShortcuts(
    {
      accept: () => doAccept(),
      reject: () => ready && setRejecting(true),
      correct: () => ready && setCorrecting(true),
      next: props.onNext,
      previous: props.onPrevious,
      cycleOverlay: () => setOverlayStyle((s) => OVERLAY_CYCLE[(OVERLAY_CYCLE.indexOf(s) + 1) % OVERLAY_CYCLE.length]!),
      hideMask: setHidden,
      toggleClicks: () => setShowClicks((v) => !v),
      opacity: (d) => setOpacity((o) => Math.min(0.9, Math.max(0.1, Math.round((o + d) * 100) / 100))),
      fit: () => viewer.current?.fit(),
      zoom: (f) => viewer.current?.zoom(f),
      pan: (dx, dy) => viewer.current?.pan(dx, dy),
      compare: () => {
        const first = detail.data?.others[0]?.annotationId ?? null;
        setCompareWith((c) => (c ? null : first));
      },
      toggleHelp: () => setHelp((h) => !h),
    },
    !rejecting && !correcting,
  );

  const actionError = accept.error ?? reject.error;

  if (correcting && detail.data && bitmap) {
    return (
      <CorrectionEditor
        projectId={projectId}
        detail={detail.data}
        bitmap={bitmap}
        pending={accept.isPending}
        error={accept.error ? errorMessage(accept.error) : null}
        onCancel={() => setCorrecting(false)}
        onAccept={(rle) => doAccept(rle)}
      />
    );
  }

  const a = detail.data?.annotation;
  return (
    <div className="fixed inset-0 z-50 flex flex-col bg-zinc-950 text-zinc-200" data-testid="review-screen" data-annotation-id={annotationId}>
      <header className="flex h-12 shrink-0 items-center gap-4 border-b border-zinc-800 bg-zinc-900 px-3">
        <Link href={`/projects/${projectId}`} className="flex items-center gap-1.5 rounded-md px-2 py-1 text-[13px] text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100">
          <ArrowLeftIcon className="size-4" />
          {props.projectName}
        </Link>
        <div className="h-5 w-px bg-zinc-800" />
        <div className="text-[13px]">
          <span className="font-medium text-zinc-100">Review</span>
          <span className="ml-3 text-zinc-500 tabular-nums" data-testid="review-position">
            {props.position} of {props.total} waiting
          </span>
        </div>
        <div className="flex-1" />
        <AdjustPanel
          brightness={brightness}
          contrast={contrast}
          opacity={opacity}
          brushRadius={1}
          showBrush={false}
          onBrightness={setBrightness}
          onContrast={setContrast}
          onOpacity={setOpacity}
          onBrushRadius={noop}
        />
        <div className="h-5 w-px bg-zinc-800" />
        <button type="button" onClick={() => setCorrecting(true)} disabled={!ready} title="Correct the mask with the workspace's tools (C)" className="h-8 rounded-md px-3 text-[13px] text-zinc-300 hover:bg-zinc-800 disabled:opacity-50" data-testid="review-correct">
          Correct
        </button>
        <button
          type="button"
          onClick={() => setRejecting(true)}
          disabled={!ready}
          title="Reject with a reason (R)"
          className="flex h-8 items-center gap-2 rounded-md border border-red-400/40 px-3 text-[13px] font-medium text-red-200 hover:bg-red-500/10 disabled:opacity-50"
          data-testid="review-reject"
        >
          Reject <kbd className="rounded bg-white/10 px-1 font-mono text-[11px]">R</kbd>
        </button>
        <button
          type="button"
          onClick={() => doAccept()}
          disabled={!ready}
          title="Accept (Enter)"
          className="flex h-8 items-center gap-2 rounded-md bg-emerald-600 px-3.5 text-[13px] font-medium text-white shadow-sm hover:bg-emerald-500 disabled:opacity-50"
          data-testid="review-accept"
        >
          {accept.isPending ? "Accepting…" : "Accept"} <kbd className="rounded bg-black/20 px-1 font-mono text-[11px]">↵</kbd>
        </button>
      </header>

      <div className="flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1" data-testid="review-viewer" data-ready={detail.data && bitmap ? "true" : "false"}>
          <MaskViewer
            handleRef={viewer}
            image={bitmap}
            width={image?.width ?? 0}
            height={image?.height ?? 0}
            mask={hidden ? null : mask}
            maskVersion={compareWith ? 1 : 0}
            clicks={showClicks && !compareWith ? (a?.clicks ?? []) : []}
            box={showClicks && !compareWith ? (a?.box ?? null) : null}
            tool="smart"
            brushRadius={1}
            overlayStyle={overlayStyle}
            opacity={opacity}
            brightness={brightness}
            contrast={contrast}
            busy={false}
            onClick={noop}
            onBox={noop}
            onStroke={noop}
          />
          {compareWith && (
            <div className="absolute top-3 left-1/2 z-10 -translate-x-1/2 rounded-full bg-amber-400/90 px-3.5 py-1 text-[12px] font-medium text-zinc-950 shadow">
              Showing {detail.data?.others.find((o) => o.annotationId === compareWith)?.annotatorName ?? "the other annotator"}&apos;s mask · X to go back
            </div>
          )}
          {a?.reviewReason && a.status === "submitted" && (
            <div className="absolute top-3 left-3 z-10 max-w-sm rounded-lg border border-zinc-700 bg-zinc-900/90 px-3 py-2 text-[12px] text-zinc-300 shadow">
              Resubmitted after: <span className="text-zinc-100">“{a.reviewReason}”</span>
            </div>
          )}
          {(detail.isPending || (detail.data && !bitmap && !bitmapError)) && (
            <div className="absolute inset-0 flex items-center justify-center text-[13px] text-zinc-500">Loading the submission…</div>
          )}
          {(detail.error || bitmapError || actionError) && (
            <div className="absolute top-3 right-3 z-20 max-w-md rounded-lg border border-red-900/60 bg-red-950/90 px-3.5 py-2.5 text-[13px] text-red-100 shadow-lg" role="alert" data-testid="review-error">
              {detail.error ? errorMessage(detail.error) : bitmapError ?? errorMessage(actionError)}
              <button
                type="button"
                onClick={() => {
                  accept.reset();
                  reject.reset();
                  void decided();
                }}
                className="mt-2 block rounded-md bg-red-100 px-2.5 py-1 text-[12px] font-medium text-red-950 hover:bg-white"
              >
                Reload the queue
              </button>
            </div>
          )}
          <div className="pointer-events-none absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-zinc-900/85 px-4 py-1.5 text-[12px] text-zinc-400 shadow">
            <kbd className="font-mono text-zinc-200">↵</kbd> accept · <kbd className="font-mono text-zinc-200">R</kbd> reject · <kbd className="font-mono text-zinc-200">C</kbd> correct ·{" "}
            <kbd className="font-mono text-zinc-200">J</kbd>/<kbd className="font-mono text-zinc-200">K</kbd> next/previous · <kbd className="font-mono text-zinc-200">?</kbd> all keys
          </div>
          {rejecting && (
            <RejectDialog
              pending={reject.isPending}
              onCancel={() => setRejecting(false)}
              onReject={(reason) => {
                if (version === undefined) return;
                reject.mutate({ projectId, annotationId, reason, expectedVersion: version }, { onSettled: () => setRejecting(false) });
              }}
            />
          )}
          {help && (
            <div className="absolute inset-0 z-30 flex items-center justify-center bg-zinc-950/70" onClick={() => setHelp(false)} role="dialog" aria-label="Review shortcuts">
              <dl className="w-full max-w-md space-y-1.5 rounded-xl border border-zinc-700 bg-zinc-900 p-5 text-[13px] shadow-2xl" onClick={(e) => e.stopPropagation()}>
                <h2 className="mb-3 text-sm font-semibold text-zinc-100">Review shortcuts</h2>
                {REVIEW_SHORTCUTS.map(([key, label]) => (
                  <div key={key} className="flex justify-between gap-4">
                    <dt className="text-zinc-300">{label}</dt>
                    <dd>
                      <kbd className="rounded border border-zinc-700 bg-zinc-800 px-1.5 py-0.5 font-mono text-[11px]">{key}</kbd>
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          )}
        </div>
        {detail.data && <ReviewSidebar detail={detail.data} compareWith={compareWith} onCompare={setCompareWith} />}
      </div>
    </div>
  );
}
