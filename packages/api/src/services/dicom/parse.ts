// DICOM (ultrasound, single- or multi-frame, uncompressed) to 8-bit frames plus the attributes
// ClickLoop keeps: Study/Series/SOP Instance UIDs, frame numbers, pixel spacing. By default every
// patient-identifying attribute is dropped from what is kept (a whitelist of technical ones).
import { dcmjs, type NaturalDataset } from "./dcmjs";
import type { DicomSourceInfo } from "@clickloop/db";

export class DicomError extends Error {
  override name = "DicomError";
}

const UNCOMPRESSED = new Set(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"]);

/** Attributes kept when patient tags are dropped: technical only, nothing about the person. */
const TECHNICAL = [
  "SOPClassUID",
  "SOPInstanceUID",
  "StudyInstanceUID",
  "SeriesInstanceUID",
  "FrameOfReferenceUID",
  "Modality",
  "Rows",
  "Columns",
  "NumberOfFrames",
  "SamplesPerPixel",
  "PhotometricInterpretation",
  "BitsAllocated",
  "BitsStored",
  "PixelRepresentation",
  "PixelSpacing",
  "ImagerPixelSpacing",
  "FrameTime",
  "Manufacturer",
  "ManufacturerModelName",
  "TransducerType",
  "BodyPartExamined",
  "ImageType",
];
const BINARY = new Set(["PixelData", "_vrMap", "_meta", "SequenceOfUltrasoundRegions", "IconImageSequence"]);

export interface DicomFrame {
  /** 1-based. */
  frameNumber: number;
  width: number;
  height: number;
  /** 8-bit samples, `channels` per pixel, row-major. */
  pixels: Uint8Array;
  channels: 1 | 3;
}

export interface ParsedDicom {
  frames: DicomFrame[];
  pixelSpacing: [number, number] | null;
  /** Per-file info; `frameNumber` is filled in per frame by the caller. */
  info: Omit<DicomSourceInfo, "frameNumber">;
}

export function isDicom(bytes: Uint8Array): boolean {
  return bytes.length > 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d; // "DICM"
}

const num = (v: unknown): number | null => {
  const n = Array.isArray(v) ? Number(v[0]) : Number(v);
  return Number.isFinite(n) ? n : null;
};
const str = (v: unknown): string | null => (v === undefined || v === null || v === "" ? null : Array.isArray(v) ? String(v[0]) : String(v));

/** [row spacing, column spacing] in mm: PixelSpacing, else the first ultrasound region's physical deltas (cm). */
export function pixelSpacingOf(ds: NaturalDataset): [number, number] | null {
  const ps = ds.PixelSpacing ?? ds.ImagerPixelSpacing;
  if (Array.isArray(ps) && ps.length === 2 && ps.every((v) => Number(v) > 0)) return [Number(ps[0]), Number(ps[1])];
  const regions = ds.SequenceOfUltrasoundRegions;
  const region = (Array.isArray(regions) ? regions[0] : regions) as Record<string, unknown> | undefined;
  if (region && num(region.PhysicalUnitsXDirection) === 3 && num(region.PhysicalUnitsYDirection) === 3) {
    const dx = num(region.PhysicalDeltaX);
    const dy = num(region.PhysicalDeltaY);
    if (dx && dy && dx > 0 && dy > 0) return [dy * 10, dx * 10];
  }
  return null;
}

function keptAttributes(ds: NaturalDataset, keepPatientTags: boolean): Record<string, unknown> {
  const entries = keepPatientTags
    ? Object.entries(ds).filter(([k, v]) => !BINARY.has(k) && !(v instanceof ArrayBuffer) && !ArrayBuffer.isView(v))
    : TECHNICAL.filter((k) => ds[k] !== undefined).map((k) => [k, ds[k]] as const);
  return JSON.parse(JSON.stringify(Object.fromEntries(entries))) as Record<string, unknown>;
}

function to8bit(samples: Uint16Array | Int16Array | Uint8Array, invert: boolean): Uint8Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of samples) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min || 1;
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(((samples[i]! - min) / range) * 255);
    out[i] = invert ? 255 - v : v;
  }
  return out;
}

export function parseDicom(bytes: Uint8Array, options: { keepPatientTags?: boolean } = {}): ParsedDicom {
  if (!isDicom(bytes)) throw new DicomError("Not a DICOM Part 10 file (no DICM preamble).");
  let ds: NaturalDataset;
  let transferSyntax: string | null;
  try {
    const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
    transferSyntax = str(dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.meta).TransferSyntaxUID);
  } catch (error) {
    throw new DicomError(`The DICOM file could not be read (${(error as Error).message}).`);
  }
  if (!transferSyntax || !UNCOMPRESSED.has(transferSyntax)) {
    throw new DicomError(`Compressed DICOM (transfer syntax ${transferSyntax ?? "unknown"}) is not supported yet; export the study uncompressed.`);
  }
  const rows = num(ds.Rows);
  const columns = num(ds.Columns);
  const frames = num(ds.NumberOfFrames) ?? 1;
  const samplesPerPixel = num(ds.SamplesPerPixel) ?? 1;
  const bitsAllocated = num(ds.BitsAllocated) ?? 8;
  const photometric = str(ds.PhotometricInterpretation) ?? "MONOCHROME2";
  const sop = { study: str(ds.StudyInstanceUID), series: str(ds.SeriesInstanceUID), instance: str(ds.SOPInstanceUID), sopClass: str(ds.SOPClassUID) };
  if (!rows || !columns) throw new DicomError("The DICOM file has no Rows/Columns.");
  if (!sop.study || !sop.series || !sop.instance || !sop.sopClass) throw new DicomError("The DICOM file lacks Study/Series/SOP Instance UIDs.");
  if (!["MONOCHROME1", "MONOCHROME2", "RGB"].includes(photometric)) throw new DicomError(`Photometric interpretation ${photometric} is not supported (MONOCHROME1/2 and RGB are).`);
  if (![8, 16].includes(bitsAllocated)) throw new DicomError(`${bitsAllocated}-bit pixels are not supported (8 and 16 are).`);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) throw new DicomError(`${samplesPerPixel} samples per pixel are not supported.`);

  const pixelData = Array.isArray(ds.PixelData) ? (ds.PixelData[0] as ArrayBuffer | undefined) : undefined;
  if (!pixelData) throw new DicomError("The DICOM file has no pixel data.");
  const frameSamples = rows * columns * samplesPerPixel;
  const bytesPerSample = bitsAllocated / 8;
  if (pixelData.byteLength < frameSamples * bytesPerSample * frames) {
    throw new DicomError(`Pixel data is ${pixelData.byteLength} bytes; ${frames} frame(s) of ${columns}×${rows} need ${frameSamples * bytesPerSample * frames}.`);
  }
  const planar = samplesPerPixel === 3 && num(ds.PlanarConfiguration) === 1;
  const signed = num(ds.PixelRepresentation) === 1;

  const out: DicomFrame[] = [];
  for (let f = 0; f < frames; f++) {
    const start = f * frameSamples * bytesPerSample;
    let samples: Uint8Array;
    if (bitsAllocated === 8) samples = new Uint8Array(pixelData.slice(start, start + frameSamples));
    else {
      const slice = pixelData.slice(start, start + frameSamples * 2);
      samples = to8bit(signed ? new Int16Array(slice) : new Uint16Array(slice), false);
    }
    if (photometric === "MONOCHROME1") samples = samples.map((v) => 255 - v);
    if (planar) {
      const n = rows * columns;
      const interleaved = new Uint8Array(frameSamples);
      for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) interleaved[i * 3 + c] = samples[c * n + i]!;
      samples = interleaved;
    }
    out.push({ frameNumber: f + 1, width: columns, height: rows, pixels: samples, channels: samplesPerPixel as 1 | 3 });
  }
  return {
    frames: out,
    pixelSpacing: pixelSpacingOf(ds),
    info: {
      studyInstanceUid: sop.study,
      seriesInstanceUid: sop.series,
      sopInstanceUid: sop.instance,
      sopClassUid: sop.sopClass,
      frameOfReferenceUid: str(ds.FrameOfReferenceUID),
      numberOfFrames: frames,
      modality: str(ds.Modality),
      attributes: keptAttributes(ds, options.keepPatientTags ?? false),
    },
  };
}
