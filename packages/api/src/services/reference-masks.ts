import { createHash } from "node:crypto";
import sharp from "sharp";
import { referenceMasks, type Db, type Image } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { storageKeys } from "./image-files";
import { IngestError } from "./ingest-errors";
import { sniffImageType } from "./ingest";

/**
 * Keeps an imported ground-truth mask next to its image (`reference_masks`), normalised to a
 * single-channel 0/255 PNG of the image's size. A later step turns these into accepted annotations.
 */
export async function attachReferenceMask(
  deps: { db: Db; storage: Storage },
  image: Pick<Image, "id" | "projectId" | "width" | "height">,
  mask: { fileName: string; bytes: Uint8Array },
): Promise<{ storageKey: string }> {
  if (!sniffImageType(mask.bytes)) throw new IngestError("UNSUPPORTED_TYPE", "Masks must be PNG or JPEG.");
  let png: Buffer;
  try {
    const { data, info } = await sharp(mask.bytes, { failOn: "truncated" }).autoOrient().greyscale().raw().toBuffer({ resolveWithObject: true });
    if (info.width !== image.width || info.height !== image.height) {
      throw new IngestError("CORRUPT_IMAGE", `Mask is ${info.width}×${info.height}, image is ${image.width}×${image.height}.`);
    }
    const binary = Buffer.alloc(info.width * info.height);
    for (let i = 0; i < binary.length; i++) binary[i] = (data[i * info.channels] ?? 0) >= 128 ? 255 : 0;
    png = await sharp(binary, { raw: { width: info.width, height: info.height, channels: 1 } }).toColourspace("b-w").png().toBuffer();
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError("CORRUPT_IMAGE", `The mask could not be read (${(error as Error).message}).`);
  }
  const sha256 = createHash("sha256").update(png).digest("hex");
  const storageKey = storageKeys.referenceMask(image.projectId, sha256);
  await deps.storage.put(storageKey, png, { contentType: "image/png" });
  await deps.db
    .insert(referenceMasks)
    .values({ imageId: image.id, storageKey, sha256, originalName: mask.fileName })
    .onConflictDoUpdate({ target: referenceMasks.imageId, set: { storageKey, sha256, originalName: mask.fileName, createdAt: new Date() } });
  return { storageKey };
}
