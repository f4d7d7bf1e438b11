import { createHash } from "node:crypto";
import sharp from "sharp";
import type { Storage } from "@clickloop/storage";
import type { BinaryMask } from "@clickloop/sam";

export const preAnnotationKey = (projectId: string, sha256: string) => `projects/${projectId}/pre-annotations/${sha256}.png`;

/** Stores a pre-annotation mask as an 8-bit 0/255 PNG, content-addressed (a retried job writes nothing new). */
export async function storePreAnnotation(storage: Storage, projectId: string, mask: BinaryMask): Promise<string> {
  const pixels = Buffer.alloc(mask.width * mask.height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = mask.data[i] ? 255 : 0;
  const png = await sharp(pixels, { raw: { width: mask.width, height: mask.height, channels: 1 } }).png({ compressionLevel: 6 }).toBuffer();
  const key = preAnnotationKey(projectId, createHash("sha256").update(png).digest("hex"));
  if (!(await storage.head(key))) await storage.put(key, png, { contentType: "image/png" });
  return key;
}
