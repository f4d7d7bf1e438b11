// AnnotationClick markers, the box and the brush cursor, drawn in screen space so they keep their size
// at any zoom.
import type { AnnotationBox, AnnotationClick } from "../state/types";
import type { ViewTransform } from "./view-transform";

export function drawClicks(ctx: CanvasRenderingContext2D, clicks: readonly AnnotationClick[], t: ViewTransform) {
  for (const click of clicks) {
    const x = click.x * t.scale + t.tx;
    const y = click.y * t.scale + t.ty;
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, Math.PI * 2);
    ctx.fillStyle = click.positive ? "#22c55e" : "#ef4444";
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x - 3, y);
    ctx.lineTo(x + 3, y);
    if (click.positive) {
      ctx.moveTo(x, y - 3);
      ctx.lineTo(x, y + 3);
    }
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }
}

export function drawBox(ctx: CanvasRenderingContext2D, box: AnnotationBox, t: ViewTransform, pending: boolean) {
  const x = Math.min(box.x0, box.x1) * t.scale + t.tx;
  const y = Math.min(box.y0, box.y1) * t.scale + t.ty;
  const w = Math.abs(box.x1 - box.x0) * t.scale;
  const h = Math.abs(box.y1 - box.y0) * t.scale;
  ctx.save();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = pending ? "rgba(250, 204, 21, 0.9)" : "#facc15";
  ctx.setLineDash(pending ? [6, 4] : []);
  ctx.strokeRect(x, y, w, h);
  ctx.restore();
}

export function drawBrushCursor(ctx: CanvasRenderingContext2D, sx: number, sy: number, radiusPx: number, erase: boolean) {
  ctx.save();
  ctx.beginPath();
  ctx.arc(sx, sy, Math.max(1, radiusPx), 0, Math.PI * 2);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = erase ? "#fca5a5" : "#99f6e4";
  ctx.setLineDash(erase ? [4, 3] : []);
  ctx.stroke();
  ctx.restore();
}
