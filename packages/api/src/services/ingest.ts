import { createHash } from "node:crypto";
import path from "node:path";
import sharp from "sharp";
import { and, eq } from "drizzle-orm";
import { images, type Db, type Image } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { QUEUES, type JobQueue } from "../jobs";
import { recordAudit } from "./audit";
import { IngestError } from "./ingest-errors";
import { storageKeys } from "./image-files";
import { stripJpegMetadata, stripPngMetadata } from "./strip-metadata";

export interface IngestLimits {
  maxBytes: number;
  /** Passed to sharp as limitInputPixels: refuses decompression bombs before decoding. */
  maxPixels: number;
  maxSide: number;
  minSide: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPixels: 64 * 1024 * 1024,
  maxSide: 8192,
  minSide: 16,
};

export interface IngestDeps {
  db: Db;
  storage: Storage;
  jobs: JobQueue;
}

export interface IngestInput {
  projectId: string;
  /** Null for command-line imports. */
  uploadedBy: string | null;
  fileName: string;
  bytes: Uint8Array;
}

export interface IngestResult {
  image: Image;
  duplicate: boolean;
}

type ImageKind = { mime: "image/png"; ext: "png" } | { mime: "image/jpeg"; ext: "jpg" };

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Trusts the bytes, never the file name or the client's content type. */
export function sniffImageType(bytes: Uint8Array): ImageKind | null {
  if (bytes.length >= 8 && PNG_MAGIC.every((b, i) => bytes[i] === b)) return { mime: "image/png", ext: "png" };
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mime: "image/jpeg", ext: "jpg" };
  return null;
}

/** Decodes the whole image (so truncation is caught) and returns its displayed size. */
async function inspectImage(bytes: Uint8Array, limits: IngestLimits): Promise<{ width: number; height: number }> {
  const options = { limitInputPixels: limits.maxPixels, failOn: "truncated" as const };
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes, options).metadata();
    // Dimensions as displayed (EXIF orientation applied), which is what annotators see.
    width = meta.autoOrient?.width ?? meta.width ?? 0;
    height = meta.autoOrient?.height ?? meta.height ?? 0;
  } catch (error) {
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) throw new IngestError("IMAGE_TOO_LARGE", `Image has more than ${limits.maxPixels} pixels.`);
    throw new IngestError("CORRUPT_IMAGE", `The image could not be read (${message}).`);
  }
  if (width * height > limits.maxPixels || Math.max(width, height) > limits.maxSide) {
    throw new IngestError("IMAGE_TOO_LARGE", `Image is ${width}×${height}; the limit is ${limits.maxSide} px per side.`);
  }
  if (Math.min(width, height) < limits.minSide) {
    throw new IngestError("IMAGE_TOO_SMALL", `Image is ${width}×${height}; at least ${limits.minSide} px per side is needed.`);
  }
  try {
    // A small full decode: shrink-on-load still reads every byte, so truncated files fail here.
    await sharp(bytes, options).resize({ width: 32, height: 32, fit: "inside" }).raw().toBuffer();
  } catch (error) {
    throw new IngestError("CORRUPT_IMAGE", `The image is truncated or corrupt (${(error as Error).message}).`);
  }
  return { width, height };
}

function cleanFileName(name: string): string {
  const base = path.basename(name.replaceAll("\\", "/")).replace(/[\u0000-\u001f]/g, "").trim();
  return (base || "image").slice(0, 255);
}

/**
 * Validates, dedupes (per project, by SHA-256), stores and records one uploaded image, then
 * enqueues its thumbnail and embedding jobs. Throws IngestError for files the user must fix.
 */
export async function ingestImage(deps: IngestDeps, input: IngestInput, limits: IngestLimits = DEFAULT_INGEST_LIMITS): Promise<IngestResult> {
  const uploaded = input.bytes;
  if (uploaded.length === 0) throw new IngestError("EMPTY_FILE", "The file is empty.");
  if (uploaded.length > limits.maxBytes) {
    throw new IngestError("FILE_TOO_LARGE", `The file is ${uploaded.length} bytes; the limit is ${limits.maxBytes}.`);
  }
  const kind = sniffImageType(uploaded);
  if (!kind) throw new IngestError("UNSUPPORTED_TYPE", "Only PNG and JPEG images are supported.");
  // EXIF/XMP/comments and PNG text chunks never reach storage (the hash is of what is stored).
  const bytes = kind.ext === "png" ? stripPngMetadata(uploaded) : stripJpegMetadata(uploaded);

  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const existing = await findBySha(deps.db, input.projectId, sha256);
  if (existing) return { image: existing, duplicate: true };

  const { width, height } = await inspectImage(bytes, limits);
  const storageKey = storageKeys.original(input.projectId, sha256, kind.ext);
  // Content-addressed: a concurrent upload of the same bytes writes the same object.
  await deps.storage.put(storageKey, bytes, { contentType: kind.mime });

  const image = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(images)
      .values({
        projectId: input.projectId,
        sha256,
        storageKey,
        width,
        height,
        mime: kind.mime,
        byteSize: bytes.length,
        originalName: cleanFileName(input.fileName),
        uploadedBy: input.uploadedBy,
      })
      .onConflictDoNothing({ target: [images.projectId, images.sha256] })
      .returning();
    if (!row) return null; // lost a race with an identical upload
    await recordAudit(tx, {
      projectId: input.projectId,
      actorId: input.uploadedBy,
      action: "image.uploaded",
      targetType: "image",
      targetId: row.id,
      data: { name: row.originalName, sha256, width, height, byteSize: bytes.length },
    });
    return row;
  });
  if (!image) {
    const winner = await findBySha(deps.db, input.projectId, sha256);
    if (!winner) throw new Error("duplicate image vanished during upload");
    return { image: winner, duplicate: true };
  }

  // The upload has committed; a queue hiccup must not turn it into an error (the worker's
  // start-up sweep re-enqueues images that still lack a thumbnail or embedding).
  for (const queue of [QUEUES.thumbnail, QUEUES.embed] as const) {
    await deps.jobs.send(queue, { imageId: image.id }).catch((error: unknown) => {
      console.error(`[ingest] could not enqueue ${queue} for ${image.id}:`, error);
    });
  }
  return { image, duplicate: false };
}

async function findBySha(db: Db, projectId: string, sha256: string): Promise<Image | null> {
  const [row] = await db
    .select()
    .from(images)
    .where(and(eq(images.projectId, projectId), eq(images.sha256, sha256)))
    .limit(1);
  return row ?? null;
}
