// The data of a round: every accepted mask of the project (the latest per image), split into
// training and validation images, served one sample at a time (mask + embedding read from storage
// when the trainer reaches it), so memory stays flat however many masks the project has.
import { createHash } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import { annotations, embeddings, images, imageSplits, type Db, type Image } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { decodeMaskImage } from "@clickloop/sam/node";
import type { SampleSource, TrainingSample } from "@clickloop/sam-tf/train";
import { ensureEmbedding, loadEmbedding } from "../embeddings/store";
import type { EmbedderSource } from "./embedder";
import { chooseSplits, MIN_MASKS_FOR_ROUND, type ImageSplit } from "./split";

/** Validation images a round scores on (a fixed subset, so the scoring cost does not grow). */
export const DEFAULT_MAX_VALIDATION = 50;

export interface RoundData {
  train: SampleSource;
  validation: SampleSource;
  /** Indices into `train` of masks accepted after the deployed version's round started. */
  recent: number[];
  /** Accepted masks per side (validation: all of them; `validation.size` is the scored subset). */
  counts: { train: number; validation: number };
  /** Identity of the scored validation set (images, masks, encoder): stored scores are keyed by it. */
  validationSetKey: string;
  /** Embeddings computed (and stored) because the image had none for the current encoder. */
  embedded: number;
}

interface AcceptedMask {
  image: Image;
  maskKey: string;
  acceptedAt: Date;
}

/** The most recently accepted mask of every image of the project. */
async function acceptedMasks(db: Db, projectId: string): Promise<AcceptedMask[]> {
  const rows = await db
    .select({ image: images, maskKey: annotations.maskKey, updatedAt: annotations.updatedAt })
    .from(annotations)
    .innerJoin(images, eq(images.id, annotations.imageId))
    .where(and(eq(annotations.projectId, projectId), eq(annotations.status, "accepted")))
    .orderBy(images.createdAt, images.id, desc(annotations.updatedAt));
  const byImage = new Map<string, AcceptedMask>();
  for (const { image, maskKey, updatedAt } of rows) if (maskKey && !byImage.has(image.id)) byImage.set(image.id, { image, maskKey, acceptedAt: updatedAt });
  return [...byImage.values()];
}

/** Images (of `imageIds`) that have no embedding of the current encoder yet. */
async function withoutEmbedding(db: Db, imageIds: readonly string[], encoderId: string): Promise<Set<string>> {
  const missing = new Set(imageIds);
  for (let i = 0; i < imageIds.length; i += 1000) {
    const chunk = imageIds.slice(i, i + 1000);
    const rows = await db
      .select({ imageId: embeddings.imageId })
      .from(embeddings)
      .where(and(eq(embeddings.encoderId, encoderId), inArray(embeddings.imageId, chunk)));
    for (const row of rows) missing.delete(row.imageId);
  }
  return missing;
}

/** The persisted side of every image; images no round has seen yet get theirs now (split.ts). */
async function assignSplits(db: Db, projectId: string, masks: readonly AcceptedMask[]): Promise<Map<string, { split: ImageSplit; assignedAt: Date }>> {
  const read = async () => {
    const rows = await db.select().from(imageSplits).where(eq(imageSplits.projectId, projectId));
    return new Map(rows.map((r) => [r.imageId, { split: r.split, assignedAt: r.assignedAt }]));
  };
  const existing = await read();
  const accepted = new Set(masks.map((m) => m.image.id));
  const assigned = new Map([...existing].filter(([id]) => accepted.has(id)).map(([id, v]) => [id, v.split]));
  const unassigned = masks.filter((m) => !existing.has(m.image.id)).map((m) => ({ imageId: m.image.id, originalName: m.image.originalName }));
  if (unassigned.length === 0) return existing;
  const chosen = chooseSplits(assigned, unassigned);
  const rows = [...chosen].map(([imageId, split]) => ({ imageId, projectId, split }));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(imageSplits).values(rows.slice(i, i + 1000)).onConflictDoNothing();
  return read(); // a concurrent writer's choice wins (onConflictDoNothing): read back what is stored
}

/** Loads one sample from storage (its mask and embedding), checking the mask matches the image. */
function storageSource(deps: { db: Db; storage: Storage }, masks: readonly AcceptedMask[], embedder: EmbedderSource): SampleSource {
  return {
    size: masks.length,
    async get(index): Promise<TrainingSample> {
      const entry = masks[index];
      if (!entry) throw new RangeError(`sample ${index} of ${masks.length}`);
      const { image, maskKey } = entry;
      const mask = await decodeMaskImage(await deps.storage.get(maskKey));
      if (mask.width !== image.width || mask.height !== image.height) {
        throw new Error(`mask of ${image.originalName} is ${mask.width}×${mask.height}, the image ${image.width}×${image.height}`);
      }
      const embedding = await loadEmbedding(deps, image, embedder);
      return { id: image.id, embedding: embedding.data, mask: mask.data, width: image.width, height: image.height };
    },
  };
}

export interface LoadRoundOptions {
  embedder: EmbedderSource;
  signal?: AbortSignal;
  /** Masks accepted after this moment are `recent` (the deployed version's round start). */
  recentAfter?: Date | null;
  /** Scored validation images at most (default DEFAULT_MAX_VALIDATION). */
  maxValidation?: number;
  /** Extra identity of the scored set (the evaluation protocol): part of `validationSetKey`. */
  protocol?: unknown;
  /** Progress of the preparation (embeddings computed for images that had none): done of total. */
  onPrepare?: (done: number, total: number) => void;
}

/**
 * Plans a round's data from the database alone (masks, their sides, which are new) and fails fast,
 * before any file is read, when a side is empty; then computes missing embeddings (reporting n of N).
 * Samples themselves are read from storage when the trainer or the evaluation reaches them.
 */
export async function loadRoundData(deps: { db: Db; storage: Storage }, projectId: string, options: LoadRoundOptions): Promise<RoundData> {
  const masks = await acceptedMasks(deps.db, projectId);
  if (masks.length < MIN_MASKS_FOR_ROUND) {
    throw new RoundDataError(
      masks.length === 0 ? "No accepted masks in the training split yet." : `A round needs at least ${MIN_MASKS_FOR_ROUND} accepted masks (one to train on, one to validate); the project has ${masks.length}.`,
      { train: masks.length, validation: 0 },
    );
  }
  const sides = await assignSplits(deps.db, projectId, masks);
  const train = masks.filter((m) => sides.get(m.image.id)?.split === "train");
  const validationAll = masks.filter((m) => sides.get(m.image.id)?.split === "validation");
  const counts = { train: train.length, validation: validationAll.length };
  if (train.length === 0) throw new RoundDataError("No accepted masks in the training split yet.", counts);
  if (validationAll.length === 0) throw new RoundDataError("No accepted masks in the validation split yet.", counts);

  // The scored subset: the earliest-assigned validation images, stable as the project grows.
  const validation = [...validationAll]
    .sort((a, b) => sides.get(a.image.id)!.assignedAt.getTime() - sides.get(b.image.id)!.assignedAt.getTime() || a.image.id.localeCompare(b.image.id))
    .slice(0, options.maxValidation ?? DEFAULT_MAX_VALIDATION);

  const encoderId = await options.embedder.encoderId();
  const missing = [...(await withoutEmbedding(deps.db, [...train, ...validation].map((m) => m.image.id), encoderId))];
  const byId = new Map(masks.map((m) => [m.image.id, m.image]));
  options.onPrepare?.(0, missing.length);
  for (const [i, imageId] of missing.entries()) {
    options.signal?.throwIfAborted();
    await ensureEmbedding(deps, byId.get(imageId)!, options.embedder);
    options.onPrepare?.(i + 1, missing.length);
  }

  const recentAfter = options.recentAfter;
  const recent = recentAfter ? train.flatMap((m, i) => (m.acceptedAt > recentAfter ? [i] : [])) : [];
  const validationSetKey = createHash("sha256")
    .update(JSON.stringify({ encoderId, protocol: options.protocol ?? null, masks: validation.map((m) => [m.image.id, m.maskKey]) }))
    .digest("hex");
  return {
    train: storageSource(deps, train, options.embedder),
    validation: storageSource(deps, validation, options.embedder),
    recent,
    counts,
    validationSetKey,
    embedded: missing.length,
  };
}

/** A round that cannot train on the project's data (the counts go on the run row). */
export class RoundDataError extends Error {
  constructor(
    message: string,
    readonly counts: { train: number; validation: number },
  ) {
    super(message);
    this.name = "RoundDataError";
  }
}
