// Which masks an export contains: one per image (the accepted one, else the newest submitted),
// filtered by review status, submission date and annotator; with everything the manifest needs.
import { and, asc, eq, gte, inArray, lte, type SQL } from "drizzle-orm";
import { annotations, imageSources, images, users, type Annotation, type Db, type ExportFilter, type Image, type ImageSource } from "@clickloop/db";
import { modelLabels } from "../review/detail";

export interface ExportItem {
  annotation: Annotation;
  image: Image;
  source: ImageSource | null;
  annotatorName: string | null;
  modelLabel: string | null;
  /** File stem shared by the image and its mask in the export (unique within it). */
  stem: string;
}

export function fileStem(name: string): string {
  const base = name.replace(/\.[^./\\]+$/, "");
  return base.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "") || "image";
}

export async function selectExportItems(db: Db, projectId: string, filter: ExportFilter): Promise<ExportItem[]> {
  const conditions: SQL[] = [eq(annotations.projectId, projectId), inArray(annotations.status, filter.acceptedOnly ? ["accepted"] : ["accepted", "submitted"])];
  if (filter.from) conditions.push(gte(annotations.submittedAt, new Date(`${filter.from}T00:00:00.000Z`)));
  if (filter.to) conditions.push(lte(annotations.submittedAt, new Date(`${filter.to}T23:59:59.999Z`)));
  if (filter.annotatorId) conditions.push(eq(annotations.annotatorId, filter.annotatorId));
  const rows = await db
    .select({ annotation: annotations, image: images, source: imageSources, annotatorName: users.name, annotatorEmail: users.email })
    .from(annotations)
    .innerJoin(images, eq(images.id, annotations.imageId))
    .leftJoin(imageSources, eq(imageSources.imageId, images.id))
    .leftJoin(users, eq(users.id, annotations.annotatorId))
    .where(and(...conditions))
    .orderBy(asc(images.createdAt), asc(images.id), asc(annotations.submittedAt));

  // One mask per image: accepted beats submitted, then the newest.
  const byImage = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    if (!row.annotation.maskKey) continue;
    const held = byImage.get(row.image.id);
    const better = !held || (row.annotation.status === "accepted" && held.annotation.status !== "accepted") || (row.annotation.status === held.annotation.status && (row.annotation.submittedAt?.getTime() ?? 0) > (held.annotation.submittedAt?.getTime() ?? 0));
    if (better) byImage.set(row.image.id, row);
  }
  const chosen = [...byImage.values()];
  const labels = await modelLabels(db, projectId, chosen.map((r) => r.annotation.modelVersionId));
  const used = new Set<string>();
  return chosen.map((row) => {
    let stem = fileStem(row.image.originalName);
    if (used.has(stem)) stem = `${stem}-${row.image.id.slice(0, 8)}`;
    used.add(stem);
    const modelId = row.annotation.modelVersionId;
    return {
      annotation: row.annotation,
      image: row.image,
      source: row.source,
      annotatorName: row.annotation.source === "imported" ? "imported" : (row.annotatorName ?? row.annotatorEmail ?? null),
      modelLabel: modelId ? (labels.get(modelId) ?? modelId) : null,
      stem,
    };
  });
}
