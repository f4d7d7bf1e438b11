// Consensus (project overlap 2): once two different annotators have submitted a mask of the same
// image, their Dice is stored as the image's agreement (recomputed on every resubmission).
import { and, asc, eq, inArray } from "drizzle-orm";
import { annotationAgreements, annotations, type Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { decodeMaskRle } from "../annotation-mask";
import { loadMaskRle } from "../annotation-mask-png";
import { diceOf } from "./detail";

export async function updateAgreement(db: Db, storage: Storage, imageId: string): Promise<number | null> {
  const finals = await db
    .select()
    .from(annotations)
    .where(and(eq(annotations.imageId, imageId), eq(annotations.source, "human"), inArray(annotations.status, ["submitted", "accepted"])))
    .orderBy(asc(annotations.submittedAt))
    .limit(2);
  const [a, b] = finals;
  if (!a?.maskKey || !b?.maskKey) return null;
  const dice = diceOf(decodeMaskRle(await loadMaskRle(storage, a.maskKey)), decodeMaskRle(await loadMaskRle(storage, b.maskKey)));
  await db
    .insert(annotationAgreements)
    .values({ imageId, projectId: a.projectId, annotationA: a.id, annotationB: b.id, dice })
    .onConflictDoUpdate({ target: annotationAgreements.imageId, set: { annotationA: a.id, annotationB: b.id, dice, computedAt: new Date() } });
  return dice;
}
