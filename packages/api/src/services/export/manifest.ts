// The manifest that travels with every export: one row per mask, as CSV (spreadsheets) and JSON.
import type { ExportItem } from "./select";

export interface ManifestRow {
  image: string;
  stem: string;
  imageId: string;
  width: number;
  height: number;
  annotator: string | null;
  reviewStatus: string;
  modelVersion: string | null;
  clicks: number;
  seconds: number;
  maskArea: number;
  submittedAt: string | null;
  pixelSpacingMm: [number, number] | null;
  sopInstanceUid: string | null;
  frameNumber: number | null;
  /** Set when this format could not include the image (e.g. DICOM SEG of a PNG upload). */
  note: string | null;
}

export function manifestRow(item: ExportItem, note: string | null = null): ManifestRow {
  const spacing = item.source?.pixelSpacing;
  return {
    image: item.image.originalName,
    stem: item.stem,
    imageId: item.image.id,
    width: item.image.width,
    height: item.image.height,
    annotator: item.annotatorName,
    reviewStatus: item.annotation.status,
    modelVersion: item.modelLabel,
    clicks: item.annotation.clickCount,
    seconds: Math.round(item.annotation.timeSpentMs / 100) / 10,
    maskArea: item.annotation.maskArea,
    submittedAt: item.annotation.submittedAt?.toISOString() ?? null,
    pixelSpacingMm: spacing && spacing.length === 2 ? [spacing[0]!, spacing[1]!] : null,
    sopInstanceUid: item.source?.dicom?.sopInstanceUid ?? null,
    frameNumber: item.source?.dicom?.frameNumber ?? null,
    note,
  };
}

const COLUMNS: (keyof ManifestRow)[] = ["image", "stem", "imageId", "width", "height", "annotator", "reviewStatus", "modelVersion", "clicks", "seconds", "maskArea", "submittedAt", "pixelSpacingMm", "sopInstanceUid", "frameNumber", "note"];

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = Array.isArray(value) ? value.join(" ") : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function manifestCsv(rows: ManifestRow[]): string {
  return [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
}
