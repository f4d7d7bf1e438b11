// `pnpm data:import`: a folder of images (PNG/JPEG, or DICOM: every frame an image) with optional
// reference masks — PNGs in masks/ with the image's stem, or a COCO JSON with RLE segmentations.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import type { Image } from "@clickloop/db";
import { ingestImage, type IngestDeps } from "./ingest";
import { IngestError } from "./ingest-errors";
import { attachReferenceMask } from "./reference-masks";
import { ingestDicom } from "./dicom/ingest-dicom";
import { isDicom } from "./dicom/parse";
import { cocoDocumentSchema, cocoMasksByFileName } from "./export/coco";
import { fileStem } from "./export/select";

export interface ImportOptions {
  /** COCO JSON whose `images[].file_name` name files in images/ (default: <folder>/annotations.json when present). */
  cocoFile?: string;
  /** Keep patient-identifying DICOM attributes (default: dropped). */
  keepPatientTags?: boolean;
  log?: (line: string) => void;
}

export interface ImportTally {
  added: number;
  duplicate: number;
  failed: number;
  masks: number;
}

const IMAGE_FILE = /\.(png|jpe?g|dcm|dicom)$/i;

async function pngOfBinary(mask: { width: number; height: number; data: Uint8Array }): Promise<Buffer> {
  const pixels = Buffer.alloc(mask.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = mask.data[i] ? 255 : 0;
  return sharp(pixels, { raw: { width: mask.width, height: mask.height, channels: 1 } }).png().toBuffer();
}

async function loadCoco(file: string) {
  const parsed = cocoDocumentSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`${path.basename(file)} is not a COCO file ClickLoop can read: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return cocoMasksByFileName(parsed.data);
}

export async function importFolder(deps: IngestDeps, projectId: string, folder: string, options: ImportOptions = {}): Promise<ImportTally> {
  const log = options.log ?? (() => undefined);
  const imageDir = path.join(folder, "images");
  const files = (await readdir(imageDir)).filter((f) => IMAGE_FILE.test(f)).sort();
  const maskFiles = await readdir(path.join(folder, "masks")).catch(() => [] as string[]);
  const maskByStem = new Map(maskFiles.filter((f) => /\.png$/i.test(f)).map((f) => [fileStem(f), f]));
  const defaultCoco = path.join(folder, "annotations.json");
  const cocoFile = options.cocoFile ?? ((await readFile(defaultCoco).then(() => true).catch(() => false)) ? defaultCoco : null);
  const coco = cocoFile ? await loadCoco(cocoFile) : null;

  const tally: ImportTally = { added: 0, duplicate: 0, failed: 0, masks: 0 };
  const attachMask = async (image: Image, file: string): Promise<string> => {
    const cocoMask = coco?.get(file);
    if (cocoMask) {
      await attachReferenceMask(deps, image, { fileName: file, bytes: await pngOfBinary(cocoMask) });
      tally.masks++;
      return " + mask (COCO)";
    }
    const maskFile = maskByStem.get(fileStem(file));
    if (!maskFile) return "";
    await attachReferenceMask(deps, image, { fileName: maskFile, bytes: await readFile(path.join(folder, "masks", maskFile)) });
    tally.masks++;
    return " + mask";
  };

  for (const [i, file] of files.entries()) {
    const prefix = `[${i + 1}/${files.length}] ${file}`;
    try {
      const bytes = await readFile(path.join(imageDir, file));
      if (isDicom(bytes)) {
        const result = await ingestDicom(deps, { projectId, uploadedBy: null, fileName: file, bytes, keepPatientTags: options.keepPatientTags });
        for (const frame of result.images) tally[frame.duplicate ? "duplicate" : "added"]++;
        const spacing = result.pixelSpacing ? `, ${result.pixelSpacing.map((s) => s.toFixed(3)).join(" × ")} mm/px` : "";
        log(`${prefix}: DICOM, ${result.images.length} frame(s) added${spacing}`);
        continue;
      }
      const result = await ingestImage(deps, { projectId, uploadedBy: null, fileName: file, bytes });
      tally[result.duplicate ? "duplicate" : "added"]++;
      const note = await attachMask(result.image, file);
      log(`${prefix}: ${result.duplicate ? "duplicate" : "added"} ${result.image.width}×${result.image.height}${note}`);
    } catch (error) {
      tally.failed++;
      const reason = error instanceof IngestError ? `${error.code}: ${error.message}` : (error as Error).message;
      log(`${prefix}: FAILED ${reason}`);
    }
  }
  return tally;
}
