"use client";
// The image canvas: image (with brightness/contrast), mask overlay, clicks, box and brush cursor;
// zoom with the wheel, pan with the middle button, space+drag or the arrow keys (see Workspace).
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from "react";
import type { AnnotationBox, BrushStroke, AnnotationClick } from "../state/types";
import { drawBox, drawBrushCursor, drawClicks } from "./markers";
import { maskEdgeSegments, renderFill, type OverlayStyle } from "./overlay";
import { fitTransform, panBy, screenToImage, zoomAt, type ViewTransform } from "./view-transform";

export type Tool = "smart" | "paint" | "erase";

export interface ViewerHandle {
  fit(): void;
  zoom(factor: number): void;
  pan(dx: number, dy: number): void;
}

export interface MaskViewerProps {
  image: CanvasImageSource | null;
  width: number;
  height: number;
  mask: Uint8Array | null;
  /** Changes whenever `mask` changes; reported back through onMaskDrawn once it is on screen. */
  maskVersion: number;
  clicks: readonly AnnotationClick[];
  box: AnnotationBox | null;
  tool: Tool;
  brushRadius: number;
  overlayStyle: OverlayStyle;
  opacity: number;
  brightness: number;
  contrast: number;
  busy: boolean;
  onClick(x: number, y: number, positive: boolean): void;
  onBox(box: AnnotationBox): void;
  onStroke(stroke: BrushStroke): void;
  onMaskDrawn?(maskVersion: number): void;
  onScaleChange?(scale: number): void;
  handleRef?: Ref<ViewerHandle>;
}

/** A press that moves less than this (screen px) is a click, not a drag. */
const DRAG_THRESHOLD = 4;

type Gesture =
  | { kind: "none" }
  | { kind: "press"; sx: number; sy: number; negative: boolean }
  | { kind: "box"; box: AnnotationBox }
  | { kind: "pan"; sx: number; sy: number }
  | { kind: "stroke"; stroke: BrushStroke };

export function MaskViewer(props: MaskViewerProps) {
  const { image, width, height, mask, maskVersion, clicks, box, tool, brushRadius, overlayStyle, opacity, brightness, contrast } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const [view, setView] = useState<ViewTransform | null>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const gesture = useRef<Gesture>({ kind: "none" });
  const pointer = useRef<{ sx: number; sy: number } | null>(null);
  const spaceHeld = useRef(false);
  const frame = useRef(0);
  const propsRef = useRef(props);
  propsRef.current = props;

  // Track the container size; refit when the image or the size changes.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ w: entry.contentRect.width, h: entry.contentRect.height });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (size.w > 0 && size.h > 0 && width > 0) setView(fitTransform(width, height, size.w, size.h));
  }, [image, width, height, size.w, size.h]);

  const onScaleChange = props.onScaleChange;
  useEffect(() => {
    if (view) onScaleChange?.(view.scale);
  }, [view, onScaleChange]);

  // The overlay is an image-sized canvas, redrawn only when the mask or its style changes.
  useEffect(() => {
    const overlay = overlayRef.current;
    if (!overlay || width === 0) return;
    overlay.width = width;
    overlay.height = height;
    const ctx = overlay.getContext("2d");
    if (!ctx) return;
    const data = ctx.createImageData(width, height);
    if (mask && overlayStyle !== "outline") renderFill(mask, opacity, data.data);
    ctx.putImageData(data, 0, 0);
  }, [mask, width, height, overlayStyle, opacity]);

  const outline = useMemo(() => {
    if (!mask || overlayStyle === "fill") return null;
    const segments = maskEdgeSegments(mask, width, height);
    const path = new Path2D();
    for (let i = 0; i < segments.length; i += 4) {
      path.moveTo(segments[i]!, segments[i + 1]!);
      path.lineTo(segments[i + 2]!, segments[i + 3]!);
    }
    return path;
  }, [mask, width, height, overlayStyle]);
  const outlineRef = useRef(outline);
  outlineRef.current = outline;

  const draw = useCallback(() => {
    frame.current = 0;
    const canvas = canvasRef.current;
    const overlay = overlayRef.current;
    const p = propsRef.current;
    if (!canvas || !view) return;
    const dpr = window.devicePixelRatio || 1;
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr * view.scale, 0, 0, dpr * view.scale, dpr * view.tx, dpr * view.ty);
    ctx.imageSmoothingEnabled = view.scale < 4; // smooth like a scanner display; pixels only when zoomed far in
    if (p.image) {
      ctx.filter = `brightness(${p.brightness}) contrast(${p.contrast})`;
      ctx.drawImage(p.image, 0, 0, p.width, p.height);
      ctx.filter = "none";
    }
    if (overlay && p.mask) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(overlay, 0, 0);
    }
    if (outlineRef.current) {
      // A dark halo under a light line: readable on bright and dark tissue alike.
      ctx.lineJoin = "round";
      ctx.strokeStyle = "rgba(9, 9, 11, 0.55)";
      ctx.lineWidth = 3 / view.scale;
      ctx.stroke(outlineRef.current);
      ctx.strokeStyle = "rgba(240, 253, 250, 0.95)";
      ctx.lineWidth = 1.25 / view.scale;
      ctx.stroke(outlineRef.current);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const g = gesture.current;
    if (g.kind === "box") drawBox(ctx, g.box, view, true);
    else if (p.box) drawBox(ctx, p.box, view, false);
    drawClicks(ctx, p.clicks, view);
    if ((p.tool === "paint" || p.tool === "erase") && pointer.current) {
      drawBrushCursor(ctx, pointer.current.sx, pointer.current.sy, p.brushRadius * view.scale, p.tool === "erase");
    }
    p.onMaskDrawn?.(p.maskVersion);
  }, [view]);

  const requestDraw = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw);
  }, [draw]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.w * dpr);
    canvas.height = Math.round(size.h * dpr);
    requestDraw();
  }, [size, requestDraw]);

  useEffect(requestDraw, [requestDraw, image, mask, maskVersion, outline, clicks, box, tool, brushRadius, overlayStyle, opacity, brightness, contrast]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  useImperativeHandle(
    props.handleRef,
    () => ({
      fit: () => size.w > 0 && setView(fitTransform(width, height, size.w, size.h)),
      zoom: (factor) => setView((v) => (v ? zoomAt(v, size.w / 2, size.h / 2, factor) : v)),
      pan: (dx, dy) => setView((v) => (v ? panBy(v, dx, dy) : v)),
    }),
    [size, width, height],
  );

  // Space held = temporary hand tool, as in image editors.
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.code === "Space" && !(e.target instanceof HTMLInputElement)) spaceHeld.current = true;
    };
    const up = (e: KeyboardEvent) => {
      if (e.code === "Space") spaceHeld.current = false;
    };
    window.addEventListener("keydown", down);
    window.addEventListener("keyup", up);
    return () => {
      window.removeEventListener("keydown", down);
      window.removeEventListener("keyup", up);
    };
  }, []);

  // Wheel zoom needs a non-passive listener to stop the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
      setView((v) => (v ? zoomAt(v, e.clientX - rect.left, e.clientY - rect.top, factor) : v));
    };
    canvas.addEventListener("wheel", onWheel, { passive: false });
    return () => canvas.removeEventListener("wheel", onWheel);
  }, []);

  const localPoint = (e: React.PointerEvent) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { sx: e.clientX - rect.left, sy: e.clientY - rect.top };
  };
  const toImage = (sx: number, sy: number) => {
    const point = view ? screenToImage(view, sx, sy) : { x: 0, y: 0 };
    return { x: Math.min(width - 0.5, Math.max(0, point.x)), y: Math.min(height - 0.5, Math.max(0, point.y)) };
  };

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!view) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const { sx, sy } = localPoint(e);
    if (e.button === 1 || spaceHeld.current) {
      gesture.current = { kind: "pan", sx, sy };
    } else if (tool === "paint" || tool === "erase") {
      const mode = tool === "erase" || e.button === 2 ? "erase" : "paint";
      gesture.current = { kind: "stroke", stroke: { mode, radius: brushRadius, points: [toImage(sx, sy)] } };
    } else if (e.button === 0 || e.button === 2) {
      gesture.current = { kind: "press", sx, sy, negative: e.button === 2 || e.shiftKey };
    }
    requestDraw();
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const { sx, sy } = localPoint(e);
    pointer.current = { sx, sy };
    const g = gesture.current;
    if (g.kind === "pan") {
      setView((v) => (v ? panBy(v, sx - g.sx, sy - g.sy) : v));
      gesture.current = { kind: "pan", sx, sy };
    } else if (g.kind === "press" && !g.negative && Math.hypot(sx - g.sx, sy - g.sy) > DRAG_THRESHOLD) {
      const a = toImage(g.sx, g.sy);
      const b = toImage(sx, sy);
      gesture.current = { kind: "box", box: { x0: a.x, y0: a.y, x1: b.x, y1: b.y } };
    } else if (g.kind === "box") {
      const b = toImage(sx, sy);
      gesture.current = { kind: "box", box: { ...g.box, x1: b.x, y1: b.y } };
    } else if (g.kind === "stroke") {
      g.stroke.points.push(toImage(sx, sy));
    }
    requestDraw();
  };

  const onPointerUp = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const g = gesture.current;
    gesture.current = { kind: "none" };
    if (g.kind === "press") {
      const { x, y } = toImage(g.sx, g.sy);
      props.onClick(x, y, !g.negative);
    } else if (g.kind === "box") {
      const b = g.box;
      const normalized = { x0: Math.min(b.x0, b.x1), y0: Math.min(b.y0, b.y1), x1: Math.max(b.x0, b.x1), y1: Math.max(b.y0, b.y1) };
      if (normalized.x1 - normalized.x0 >= 2 && normalized.y1 - normalized.y0 >= 2) props.onBox(normalized);
    } else if (g.kind === "stroke") {
      props.onStroke(g.stroke);
    }
    e.currentTarget.releasePointerCapture(e.pointerId);
    requestDraw();
  };

  const cursor = spaceHeld.current ? "grab" : tool === "smart" ? "crosshair" : "none";

  return (
    <div ref={containerRef} className="relative h-full w-full overflow-hidden bg-zinc-950" data-testid="mask-viewer">
      <canvas
        ref={canvasRef}
        className="absolute inset-0 h-full w-full touch-none select-none"
        style={{ cursor }}
        data-testid="viewer-canvas"
        data-busy={props.busy ? "true" : "false"}
        data-view={view ? `${view.scale},${view.tx},${view.ty}` : undefined}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => {
          pointer.current = null;
          requestDraw();
        }}
        onContextMenu={(e) => e.preventDefault()}
      />
      {/* Image-resolution overlay, composited into the view; also what tests read the mask from. */}
      <canvas ref={overlayRef} className="hidden" data-testid="mask-overlay" />
    </div>
  );
}
