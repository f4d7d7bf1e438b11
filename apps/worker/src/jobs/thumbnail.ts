import sharp from "sharp";
import { eq } from "drizzle-orm";
import { images } from "@clickloop/db";
import { storageKeys } from "@clickloop/api";
import type { JobHandler } from "./types";

export const THUMBNAIL_SIZE = 256;

/** 256 px (longest side) WebP. Idempotent: a present thumbnail is left alone; a deleted image is a no-op. */
export const generateThumbnail: JobHandler<"image.thumbnail"> = async ({ imageId }, ctx) => {
  const [image] = await ctx.db.select().from(images).where(eq(images.id, imageId)).limit(1);
  if (!image) return;
  if (image.thumbnailKey && (await ctx.storage.head(image.thumbnailKey))) return;

  const original = await ctx.storage.get(image.storageKey);
  const thumbnail = await sharp(original, { limitInputPixels: false, failOn: "none" })
    .autoOrient()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  const key = storageKeys.thumbnail(image.projectId, image.sha256);
  await ctx.storage.put(key, thumbnail, { contentType: "image/webp" });
  await ctx.db.update(images).set({ thumbnailKey: key }).where(eq(images.id, image.id));
  ctx.log(`thumbnail ${image.id} (${thumbnail.length} bytes)`);
};
