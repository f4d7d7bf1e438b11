// Writes an export: the zip is produced entry by entry (each entry computed only when the zip
// stream reaches it) and streamed into storage, so neither the archive nor all masks are ever
// held in memory. Progress is written to the export_jobs row as entries are produced.
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import yazl from "yazl";
import { exportJobs, projects, type Db, type ExportJob } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { decodeMaskRle } from "../annotation-mask";
import { loadMaskRle } from "../annotation-mask-png";
import { buildCocoDocument, type CocoEntry } from "./coco";
import { writeDicomSeg } from "./dicom-seg";
import { manifestCsv, manifestRow, type ManifestRow } from "./manifest";
import { writeNifti } from "./nifti";
import { selectExportItems, type ExportItem } from "./select";

export const exportStorageKey = (projectId: string, exportId: string) => `projects/${projectId}/exports/${exportId}.zip`;

const PROGRESS_EVERY_MS = 500;

function imageEntryName(item: ExportItem): string {
  return `images/${item.stem}.${item.image.mime === "image/jpeg" ? "jpg" : "png"}`;
}

/** Adds an entry whose bytes are computed (or opened) only when the zip gets to it. */
function addLazy(zip: yazl.ZipFile, name: string, produce: () => Promise<Readable | Buffer>, onProduced?: () => void) {
  zip.addReadStreamLazy(name, { compress: !/\.(png|jpe?g|gz)$/i.test(name) }, (cb) => {
    produce()
      .then((body) => {
        onProduced?.();
        cb(null, Buffer.isBuffer(body) ? Readable.from([body]) : body);
      })
      .catch((error: unknown) => cb(error, undefined as never));
  });
}

export async function runExport(deps: { db: Db; storage: Storage }, job: ExportJob): Promise<{ byteSize: number; count: number }> {
  const { db, storage } = deps;
  const [project] = await db.select().from(projects).where(eq(projects.id, job.projectId));
  if (!project) throw new Error("The project no longer exists.");
  const items = await selectExportItems(db, job.projectId, job.filter);
  await db.update(exportJobs).set({ status: "running", total: items.length, done: 0 }).where(eq(exportJobs.id, job.id));

  let done = 0;
  let lastWrite = 0;
  const progressed = () => {
    done++;
    const now = Date.now();
    if (now - lastWrite < PROGRESS_EVERY_MS) return;
    lastWrite = now;
    void db.update(exportJobs).set({ done }).where(eq(exportJobs.id, job.id)).catch(() => undefined);
  };

  const zip = new yazl.ZipFile();
  const key = exportStorageKey(job.projectId, job.id);
  const upload = storage.putStream(key, zip.outputStream as Readable, { contentType: "application/zip" });
  // An error inside the zip stream ends the upload; keep the entry loop from waiting on it.
  upload.catch(() => undefined);

  const manifest: ManifestRow[] = [];
  const coco: CocoEntry[] = [];
  const mask = async (item: ExportItem) => loadMaskRle(storage, item.annotation.maskKey!);
  const spacing = (item: ExportItem): [number, number] | null => {
    const s = item.source?.pixelSpacing;
    return s && s.length === 2 ? [s[0]!, s[1]!] : null;
  };

  for (const item of items) {
    switch (job.format) {
      case "png":
        addLazy(zip, imageEntryName(item), () => storage.createReadStream(item.image.storageKey));
        addLazy(zip, `masks/${item.stem}.png`, () => storage.createReadStream(item.annotation.maskKey!), progressed);
        manifest.push(manifestRow(item));
        break;
      case "coco":
        addLazy(zip, imageEntryName(item), () => storage.createReadStream(item.image.storageKey), progressed);
        // COCO keeps RLE counts only (small): the document is written once at the end.
        coco.push({ fileName: imageEntryName(item).slice("images/".length), mask: await mask(item), attributes: { ...manifestRow(item) } });
        manifest.push(manifestRow(item));
        break;
      case "nifti":
        addLazy(
          zip,
          `masks/${item.stem}.nii.gz`,
          async () => {
            const rle = await mask(item);
            return writeNifti(decodeMaskRle(rle), rle.width, rle.height, spacing(item), `ClickLoop ${project.targetLabel} mask`);
          },
          progressed,
        );
        manifest.push(manifestRow(item, spacing(item) ? null : "pixel spacing unknown: 1 mm written"));
        break;
      case "dicom-seg":
        if (!item.source?.dicom) {
          manifest.push(manifestRow(item, "not exported: the image did not come from DICOM"));
          progressed();
          break;
        }
        addLazy(
          zip,
          `seg/${item.stem}.dcm`,
          async () => {
            const rle = await mask(item);
            return writeDicomSeg({
              mask: decodeMaskRle(rle),
              width: rle.width,
              height: rle.height,
              source: item.source!.dicom!,
              pixelSpacing: spacing(item),
              segmentLabel: project.targetLabel,
              seriesDescription: `ClickLoop ${project.targetLabel} segmentation`,
            });
          },
          progressed,
        );
        manifest.push(manifestRow(item));
        break;
    }
  }
  if (job.format === "coco") zip.addBuffer(Buffer.from(JSON.stringify(buildCocoDocument(project.targetLabel, coco))), "annotations.json");
  zip.addBuffer(Buffer.from(manifestCsv(manifest)), "manifest.csv");
  zip.addBuffer(Buffer.from(JSON.stringify({ project: project.name, format: job.format, filter: job.filter, exportedAt: new Date().toISOString(), items: manifest }, null, 2)), "manifest.json");
  zip.end();
  const byteSize = await upload;
  return { byteSize, count: items.length };
}
