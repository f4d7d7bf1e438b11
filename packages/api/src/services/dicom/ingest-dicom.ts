// A DICOM file becomes one image per frame (PNG, 8-bit), each remembering where it came from
// (`image_sources`: UIDs, frame number, pixel spacing, the kept attributes).
import sharp from "sharp";
import { imageSources, type Image } from "@clickloop/db";
import { ingestImage, type IngestDeps } from "../ingest";
import { IngestError } from "../ingest-errors";
import { DicomError, parseDicom } from "./parse";

export interface DicomIngestResult {
  images: { image: Image; duplicate: boolean; frameNumber: number }[];
  pixelSpacing: [number, number] | null;
}

export async function ingestDicom(
  deps: IngestDeps,
  input: { projectId: string; uploadedBy: string | null; fileName: string; bytes: Uint8Array; keepPatientTags?: boolean },
): Promise<DicomIngestResult> {
  let parsed;
  try {
    parsed = parseDicom(input.bytes, { keepPatientTags: input.keepPatientTags });
  } catch (error) {
    if (error instanceof DicomError) throw new IngestError("CORRUPT_IMAGE", error.message);
    throw error;
  }
  const stem = input.fileName.replace(/\.(dcm|dicom)$/i, "");
  const multi = parsed.frames.length > 1;
  const results: DicomIngestResult["images"] = [];
  for (const frame of parsed.frames) {
    const raw = sharp(Buffer.from(frame.pixels), { raw: { width: frame.width, height: frame.height, channels: frame.channels } });
    const png = await (frame.channels === 1 ? raw.toColourspace("b-w") : raw).png().toBuffer();
    const fileName = multi ? `${stem}_f${String(frame.frameNumber).padStart(3, "0")}.png` : `${stem}.png`;
    const result = await ingestImage(deps, { projectId: input.projectId, uploadedBy: input.uploadedBy, fileName, bytes: png });
    await deps.db
      .insert(imageSources)
      .values({ imageId: result.image.id, kind: "dicom", pixelSpacing: parsed.pixelSpacing, dicom: { ...parsed.info, frameNumber: frame.frameNumber } })
      .onConflictDoNothing();
    results.push({ ...result, frameNumber: frame.frameNumber });
  }
  return { images: results, pixelSpacing: parsed.pixelSpacing };
}
