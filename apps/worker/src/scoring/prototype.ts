// The project's target prototype (SPEC §5): the masked average of the image embeddings under every
// accepted mask (latest per image), plus those images' pooled embeddings (the diversity order keeps
// new picks away from what is labelled already).
import { and, desc, eq } from "drizzle-orm";
import { annotations, images, type Db, type Image } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { decodeMaskImage } from "@clickloop/sam/node";
import { meanPoolEmbedding, PrototypeAccumulator } from "@clickloop/sam/active-learning";
import { loadEmbedding } from "../embeddings/store";
import type { EmbedderSource } from "../training/embedder";

export interface ProjectPrototype {
  /** Null when no accepted mask covers any embedding cell (cold start). */
  prototype: Float32Array | null;
  /** Accepted masks averaged. */
  count: number;
  labelledPooled: Float32Array[];
}

async function latestAcceptedMasks(db: Db, projectId: string): Promise<{ image: Image; maskKey: string }[]> {
  const rows = await db
    .select({ image: images, maskKey: annotations.maskKey })
    .from(annotations)
    .innerJoin(images, eq(images.id, annotations.imageId))
    .where(and(eq(annotations.projectId, projectId), eq(annotations.status, "accepted")))
    .orderBy(images.createdAt, images.id, desc(annotations.updatedAt));
  const byImage = new Map<string, { image: Image; maskKey: string }>();
  for (const { image, maskKey } of rows) if (maskKey && !byImage.has(image.id)) byImage.set(image.id, { image, maskKey });
  return [...byImage.values()];
}

export async function projectPrototype(
  deps: { db: Db; storage: Storage },
  projectId: string,
  embedder: EmbedderSource,
  signal?: AbortSignal,
): Promise<ProjectPrototype> {
  const accumulator = new PrototypeAccumulator();
  const labelledPooled: Float32Array[] = [];
  for (const { image, maskKey } of await latestAcceptedMasks(deps.db, projectId)) {
    signal?.throwIfAborted();
    const mask = await decodeMaskImage(await deps.storage.get(maskKey));
    if (mask.width !== image.width || mask.height !== image.height) continue; // a broken mask never poisons the prototype
    const { data } = await loadEmbedding(deps, image, embedder);
    accumulator.add({ embedding: data, mask });
    labelledPooled.push(meanPoolEmbedding(data, image));
  }
  return { prototype: accumulator.prototype(), count: accumulator.count, labelledPooled };
}
