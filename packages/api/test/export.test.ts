// Exports end to end against the real database and storage: each format read back by an
// independent reader (yauzl, nifti-reader-js, dcmjs, a schema check + RLE decode for COCO), and
// PNG / COCO exports imported into a new project give the same masks bit for bit.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import * as nifti from "nifti-reader-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { annotations, auditEvents, images, projects } from "@clickloop/db";
import { decodeRle } from "@clickloop/sam";
import { dcmjs } from "../src/services/dicom/dcmjs";
import { ingestDicom } from "../src/services/dicom/ingest-dicom";
import { decodeMaskRle, encodeMaskRle, type MaskRle } from "../src/services/annotation-mask";
import { loadMaskRle } from "../src/services/annotation-mask-png";
import { processExport } from "../src/services/export/exports";
import { handleExportDownload } from "../src/services/export/http";
import { cocoDocumentSchema } from "../src/services/export/coco";
import { unpackBits } from "../src/services/export/dicom-seg";
import { importFolder } from "../src/services/import-folder";
import { ingestImage } from "../src/services/ingest";
import { acceptReferenceMasks } from "../src/services/review";
import { syntheticUltrasoundDicom } from "./dicom-fixture";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";
import { readZip } from "./zip";

function rect(w: number, h: number, x0: number, y0: number, x1: number, y1: number): MaskRle {
  return encodeMaskRle(Uint8Array.from({ length: w * h }, (_, i) => (i % w >= x0 && i % w < x1 && Math.floor(i / w) >= y0 && Math.floor(i / w) < y1 ? 1 : 0)), w, h);
}

describe("exports", () => {
  let h: ApiHarness;
  let tmp: string;
  let projectId: string;
  let ids: { ann: string; lead: string; stranger: string };
  /** image name → the mask its annotation holds */
  const masks = new Map<string, MaskRle>();
  let dicomSop: string;

  beforeAll(async () => {
    h = await createApiHarness();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-export-"));
    ids = { ann: (await h.createUser("exp-ann@example.com")).id, lead: (await h.createUser("exp-lead@example.com")).id, stranger: (await h.createUser("exp-x@example.com")).id };
    projectId = await h.createProject("Export source", { [ids.ann]: "annotator", [ids.lead]: "lead" });
    await h.deps.db.update(projects).set({ settings: { requireReview: true, autoTrainThreshold: 1000 } }).where(eq(projects.id, projectId));
    await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: "case-a.png", bytes: await makeImage(31, "png", 64, 48) });
    await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: "case-b.jpg", bytes: await makeImage(32, "jpeg", 64, 48) });
    const dicom = syntheticUltrasoundDicom({ width: 48, height: 40, frames: 1 });
    dicomSop = dicom.uids.instance;
    await ingestDicom(h.deps, { projectId, uploadedBy: null, fileName: "us-clip.dcm", bytes: dicom.bytes });

    const annotator = await h.callerFor(ids.ann);
    const lead = await h.callerFor(ids.lead);
    const shapes: Record<string, [number, number, number, number]> = { "case-a.png": [5, 6, 30, 20], "case-b.jpg": [10, 10, 50, 40], "us-clip.png": [3, 4, 20, 33] };
    for (let i = 0; i < 3; i++) {
      const { item } = await annotator.queue.next({ projectId });
      const { id, name, width, height } = item!.image;
      const mask = rect(width, height, ...shapes[name]!);
      masks.set(name, mask);
      const saved = await annotator.annotation.submit({ projectId, imageId: id, expectedVersion: null, mask, clicks: [{ x: 9, y: 9, positive: true, t: 5 }, { x: 1, y: 1, positive: false, t: 900 }], box: null, modelVersionId: "base", modelSha256: null, timeSpentMs: 12_300, clickCount: 2 });
      if (name !== "case-b.jpg") await lead.review.accept({ projectId, annotationId: saved.id });
    }
  });
  afterAll(async () => {
    await h?.cleanup();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  async function exportZip(format: "png" | "coco" | "nifti" | "dicom-seg", filter: { acceptedOnly?: boolean; annotatorId?: string | null } = {}) {
    const lead = await h.callerFor(ids.lead);
    const created = await lead.export.create({ projectId, format, filter: { acceptedOnly: filter.acceptedOnly ?? true, annotatorId: filter.annotatorId ?? null } });
    expect(created.status).toBe("queued");
    expect(h.jobs.sent.at(-1)).toEqual({ name: "export.run", payload: { exportId: created.id } });
    await processExport(h.deps, created.id);
    const job = await lead.export.get({ projectId, exportId: created.id });
    expect(job.status).toBe("succeeded");
    const response = await handleExportDownload(projectId, created.id, { id: ids.lead }, { deps: h.deps });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="Export-source-.*\.zip"/);
    const zip = await readZip(Buffer.from(await response.arrayBuffer()));
    return { job, zip, manifest: JSON.parse(zip.get("manifest.json")!.toString()) as { items: Record<string, unknown>[] } };
  }

  const binary = async (png: Buffer) => {
    const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: Uint8Array.from(data, (v) => (v >= 128 ? 1 : 0)) };
  };

  async function importedMasks(folder: string): Promise<Map<string, Uint8Array>> {
    const target = await h.createProject(`Reimport ${path.basename(folder)}`, {});
    const tally = await importFolder(h.deps, target, folder);
    expect(tally.failed).toBe(0);
    await acceptReferenceMasks(h.deps, target);
    const rows = await h.deps.db.select({ a: annotations, name: images.originalName }).from(annotations).innerJoin(images, eq(images.id, annotations.imageId)).where(eq(annotations.projectId, target));
    const out = new Map<string, Uint8Array>();
    for (const row of rows) out.set(row.name, decodeMaskRle(await loadMaskRle(h.deps.storage, row.a.maskKey!)));
    return out;
  }

  async function unzipTo(zip: Map<string, Buffer>, name: string): Promise<string> {
    const dir = path.join(tmp, name);
    for (const [entry, bytes] of zip) {
      await fs.mkdir(path.dirname(path.join(dir, entry)), { recursive: true });
      await fs.writeFile(path.join(dir, entry), bytes);
    }
    return dir;
  }

  it("PNG masks: same stems as the images, a manifest, filters, and a bit-exact round trip", async () => {
    const { job, zip, manifest } = await exportZip("png");
    expect(job).toMatchObject({ done: 2, total: 2 });
    expect([...zip.keys()].sort()).toEqual(["images/case-a.png", "images/us-clip.png", "manifest.csv", "manifest.json", "masks/case-a.png", "masks/us-clip.png"]);
    for (const name of ["case-a", "us-clip"]) {
      const mask = await binary(zip.get(`masks/${name}.png`)!);
      expect(mask.data).toEqual(decodeMaskRle(masks.get(`${name}.png`)!));
    }
    expect(manifest.items[0]).toMatchObject({ image: "case-a.png", annotator: "exp-ann", reviewStatus: "accepted", modelVersion: "Base MobileSAM", clicks: 2, seconds: 12.3 });
    expect(manifest.items[1]).toMatchObject({ image: "us-clip.png", sopInstanceUid: dicomSop, frameNumber: 1 });
    expect(zip.get("manifest.csv")!.toString().split("\n")[0]).toBe("image,stem,imageId,width,height,annotator,reviewStatus,modelVersion,clicks,seconds,maskArea,submittedAt,pixelSpacingMm,sopInstanceUid,frameNumber,note");

    const back = await importedMasks(await unzipTo(zip, "png"));
    expect([...back.keys()].sort()).toEqual(["case-a.png", "us-clip.png"]);
    for (const [name, mask] of back) expect(mask).toEqual(decodeMaskRle(masks.get(name)!));

    // Filters: every submitted mask; a member who annotated nothing.
    expect((await exportZip("png", { acceptedOnly: false })).job.total).toBe(3);
    expect((await exportZip("png", { annotatorId: ids.lead })).job.total).toBe(0);
  });

  it("COCO JSON: valid document, RLE decodes to the PNG masks, bit-exact round trip", async () => {
    const { zip } = await exportZip("coco", { acceptedOnly: false });
    const doc = cocoDocumentSchema.parse(JSON.parse(zip.get("annotations.json")!.toString()));
    expect(doc.categories).toEqual([expect.objectContaining({ id: 1, name: "lesion" })]);
    expect(doc.images.map((i) => i.file_name).sort()).toEqual(["case-a.png", "case-b.jpg", "us-clip.png"]);
    const png = await exportZip("png", { acceptedOnly: false });
    for (const ann of doc.annotations) {
      const image = doc.images.find((i) => i.id === ann.image_id)!;
      const decoded = decodeRle(ann.segmentation);
      const stem = image.file_name.replace(/\.[a-z]+$/, "");
      expect(decoded.data).toEqual((await binary(png.zip.get(`masks/${stem}.png`)!)).data);
      expect(ann.area).toBe(decoded.data.reduce((a, b) => a + b, 0));
    }
    const back = await importedMasks(await unzipTo(zip, "coco"));
    expect(back.size).toBe(3);
    for (const [name, mask] of back) expect(mask).toEqual(decodeMaskRle(masks.get(name)!));
  });

  it("NIfTI: one .nii.gz per mask, read back by nifti-reader-js with the DICOM pixel spacing", async () => {
    const { zip, manifest } = await exportZip("nifti");
    for (const name of ["case-a", "us-clip"]) {
      let data = new Uint8Array(zip.get(`masks/${name}.nii.gz`)!).buffer as ArrayBuffer;
      expect(nifti.isCompressed(data)).toBe(true);
      data = nifti.decompress(data) as ArrayBuffer;
      expect(nifti.isNIFTI(data)).toBe(true);
      const header = nifti.readHeader(data)!;
      const mask = masks.get(`${name}.png`)!;
      expect(header.dims.slice(0, 4)).toEqual([3, mask.width, mask.height, 1]);
      expect(header.datatypeCode).toBe(2);
      if (name === "us-clip") {
        expect(header.pixDims[1]).toBeCloseTo(0.12, 5); // column spacing (x)
        expect(header.pixDims[2]).toBeCloseTo(0.15, 5); // row spacing (y)
      }
      expect(new Uint8Array(nifti.readImage(header, data))).toEqual(decodeMaskRle(mask));
    }
    expect(manifest.items.find((i) => i.image === "case-a.png")?.note).toMatch(/spacing unknown/);
  });

  it("DICOM SEG: for DICOM-sourced images, referencing the source instance, read back by dcmjs", async () => {
    const { zip, manifest } = await exportZip("dicom-seg");
    expect([...zip.keys()].filter((k) => k.startsWith("seg/"))).toEqual(["seg/us-clip.dcm"]);
    const file = dcmjs.data.DicomMessage.readFile(new Uint8Array(zip.get("seg/us-clip.dcm")!).buffer as ArrayBuffer);
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(ds.SOPClassUID).toBe("1.2.840.10008.5.1.4.1.1.66.4");
    expect(ds.Modality).toBe("SEG");
    expect([ds.Rows, ds.Columns, Number(ds.NumberOfFrames)]).toEqual([40, 48, 1]);
    expect(ds.SegmentSequence.SegmentLabel ?? ds.SegmentSequence[0].SegmentLabel).toBe("lesion");
    const series = Array.isArray(ds.ReferencedSeriesSequence) ? ds.ReferencedSeriesSequence[0] : ds.ReferencedSeriesSequence;
    const instance = Array.isArray(series.ReferencedInstanceSequence) ? series.ReferencedInstanceSequence[0] : series.ReferencedInstanceSequence;
    expect(instance.ReferencedSOPInstanceUID).toBe(dicomSop);
    const shared = Array.isArray(ds.SharedFunctionalGroupsSequence) ? ds.SharedFunctionalGroupsSequence[0] : ds.SharedFunctionalGroupsSequence;
    const measures = Array.isArray(shared.PixelMeasuresSequence) ? shared.PixelMeasuresSequence[0] : shared.PixelMeasuresSequence;
    expect(measures.PixelSpacing.map(Number)).toEqual([0.15, 0.12]);
    expect(ds.PatientID).toBe(""); // dropped at import, so not re-identified by the export
    const pixels = unpackBits(new Uint8Array(ds.PixelData[0]), 48 * 40);
    expect(pixels).toEqual(decodeMaskRle(masks.get("us-clip.png")!));
    expect(manifest.items.find((i) => i.image === "case-a.png")?.note).toMatch(/did not come from DICOM/);
  });

  it("downloads only for leads of the project, once finished, and audits requests and downloads", async () => {
    const lead = await h.callerFor(ids.lead);
    const queued = await lead.export.create({ projectId, format: "png", filter: { acceptedOnly: true } });
    expect((await handleExportDownload(projectId, queued.id, { id: ids.lead }, { deps: h.deps })).status).toBe(409);
    await processExport(h.deps, queued.id);
    expect((await handleExportDownload(projectId, queued.id, { id: ids.ann }, { deps: h.deps })).status).toBe(403);
    expect((await handleExportDownload(projectId, queued.id, { id: ids.stranger }, { deps: h.deps })).status).toBe(404);
    expect((await handleExportDownload(projectId, queued.id, null, { deps: h.deps })).status).toBe(401);
    expect((await handleExportDownload(projectId, "00000000-0000-4000-8000-000000000000", { id: ids.lead }, { deps: h.deps })).status).toBe(404);
    expect((await handleExportDownload(projectId, queued.id, { id: ids.lead }, { deps: h.deps })).status).toBe(200);
    const events = await h.deps.db.select().from(auditEvents).where(and(eq(auditEvents.projectId, projectId), eq(auditEvents.targetId, queued.id)));
    expect(events.map((e) => e.action).sort()).toEqual(["export.downloaded", "export.requested"]);
    await expect(lead.export.create({ projectId, format: "png", filter: { acceptedOnly: true, from: "2026-02-01", to: "2026-01-01" } })).rejects.toThrow(/start date is after/);
  });
});
