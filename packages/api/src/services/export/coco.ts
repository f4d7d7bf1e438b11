// COCO instance segmentation JSON with RLE masks (pycocotools' compressed string, column-major),
// one category (the project's target structure), one annotation per image.
import { z } from "zod";
import { decodeRle, encodeRle } from "@clickloop/sam";
import { decodeMaskRle } from "../annotation-mask";
import type { MaskRle } from "../annotation-mask";

export const cocoRleSchema = z.object({ size: z.tuple([z.number().int().positive(), z.number().int().positive()]), counts: z.string().min(1) });

/** The subset of the COCO format ClickLoop writes and reads (checked on import and in tests). */
export const cocoDocumentSchema = z.object({
  info: z.object({ description: z.string(), version: z.string(), date_created: z.string() }).loose(),
  licenses: z.array(z.unknown()),
  images: z.array(z.object({ id: z.number().int().positive(), file_name: z.string().min(1), width: z.number().int().positive(), height: z.number().int().positive() }).loose()),
  annotations: z.array(
    z
      .object({
        id: z.number().int().positive(),
        image_id: z.number().int().positive(),
        category_id: z.number().int().positive(),
        segmentation: cocoRleSchema,
        area: z.number().int().nonnegative(),
        bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
        iscrowd: z.union([z.literal(0), z.literal(1)]),
      })
      .loose(),
  ),
  categories: z.array(z.object({ id: z.number().int().positive(), name: z.string().min(1) }).loose()).min(1),
});
export type CocoDocument = z.infer<typeof cocoDocumentSchema>;

function bbox(mask: Uint8Array, width: number, height: number): [number, number, number, number] {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? [0, 0, 0, 0] : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

export interface CocoEntry {
  fileName: string;
  mask: MaskRle;
  attributes: Record<string, unknown>;
}

export function buildCocoDocument(targetLabel: string, entries: CocoEntry[], now = new Date()): CocoDocument {
  const doc: CocoDocument = {
    info: { description: `ClickLoop export (${targetLabel})`, version: "1.0", date_created: now.toISOString() },
    licenses: [],
    images: [],
    annotations: [],
    categories: [{ id: 1, name: targetLabel, supercategory: "lesion" }],
  };
  entries.forEach((entry, i) => {
    const { width, height } = entry.mask;
    const data = decodeMaskRle(entry.mask);
    doc.images.push({ id: i + 1, file_name: entry.fileName, width, height });
    const rle = encodeRle({ width, height, data });
    doc.annotations.push({
      id: i + 1,
      image_id: i + 1,
      category_id: 1,
      segmentation: { size: rle.size, counts: rle.counts as string },
      area: data.reduce((a, b) => a + b, 0),
      bbox: bbox(data, width, height),
      iscrowd: 0,
      attributes: entry.attributes,
    });
  });
  return doc;
}

/** Binary masks (row-major, 0/1) of a COCO document by image file name (several annotations of one image are merged). */
export function cocoMasksByFileName(doc: CocoDocument): Map<string, { width: number; height: number; data: Uint8Array }> {
  const images = new Map(doc.images.map((img) => [img.id, img]));
  const masks = new Map<string, { width: number; height: number; data: Uint8Array }>();
  for (const ann of doc.annotations) {
    const image = images.get(ann.image_id);
    if (!image) throw new Error(`COCO annotation ${ann.id} names image ${ann.image_id}, which is not in "images".`);
    const decoded = decodeRle(ann.segmentation);
    if (decoded.width !== image.width || decoded.height !== image.height) {
      throw new Error(`COCO annotation ${ann.id} is ${decoded.width}×${decoded.height}; its image is ${image.width}×${image.height}.`);
    }
    const held = masks.get(image.file_name);
    if (held) for (let i = 0; i < held.data.length; i++) held.data[i] = held.data[i]! | decoded.data[i]!;
    else masks.set(image.file_name, decoded);
  }
  return masks;
}
