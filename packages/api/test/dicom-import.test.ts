import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { imageSources, images } from "@clickloop/db";
import { ingestDicom } from "../src/services/dicom/ingest-dicom";
import { ingestImage } from "../src/services/ingest";
import { IngestError } from "../src/services/ingest-errors";
import { stripPngMetadata } from "../src/services/strip-metadata";
import { syntheticFrame, syntheticUltrasoundDicom } from "./dicom-fixture";
import { createApiHarness, type ApiHarness } from "./helpers";

const W = 48;
const H = 40;

describe("DICOM import", () => {
  let h: ApiHarness;
  let projectId: string;
  beforeAll(async () => {
    h = await createApiHarness();
    projectId = await h.createProject("Dicom", {});
  });
  afterAll(async () => h?.cleanup());

  it("turns each frame of a multi-frame ultrasound into an image, keeping UIDs, frame numbers and pixel spacing, without patient tags", async () => {
    const { bytes, uids } = syntheticUltrasoundDicom({ width: W, height: H, frames: 3 });
    const result = await ingestDicom(h.deps, { projectId, uploadedBy: null, fileName: "clip01.dcm", bytes });
    expect(result.images.map((i) => [i.image.originalName, i.frameNumber, i.image.width, i.image.height])).toEqual([
      ["clip01_f001.png", 1, W, H],
      ["clip01_f002.png", 2, W, H],
      ["clip01_f003.png", 3, W, H],
    ]);
    const ids = result.images.map((i) => i.image.id);
    const sources = await h.deps.db.select().from(imageSources).where(inArray(imageSources.imageId, ids));
    for (const [n, id] of ids.entries()) {
      const source = sources.find((s) => s.imageId === id)!;
      expect(source.dicom).toMatchObject({ studyInstanceUid: uids.study, seriesInstanceUid: uids.series, sopInstanceUid: uids.instance, frameNumber: n + 1, numberOfFrames: 3, modality: "US" });
      // PhysicalDelta in cm → mm, [row, column].
      expect(source.pixelSpacing![0]).toBeCloseTo(0.15, 10);
      expect(source.pixelSpacing![1]).toBeCloseTo(0.12, 10);
      const kept = JSON.stringify(source.dicom);
      for (const phi of ["Synthetic^Phantom", "PHANTOM-0001", "19700101", "Test Hospital", "Doctor^Test"]) expect(kept).not.toContain(phi);
      // The stored PNG holds exactly the frame's pixels.
      const [image] = await h.deps.db.select().from(images).where(eq(images.id, id));
      const stored = sharp(await h.deps.storage.get(image!.storageKey));
      expect((await stored.metadata()).channels).toBe(1); // 8-bit grey PNG
      const data = await stored.extractChannel(0).raw().toBuffer();
      expect(Buffer.compare(data, Buffer.from(syntheticFrame(n, W, H)))).toBe(0);
    }
  });

  it("keeps patient attributes only when asked", async () => {
    const other = await h.createProject("Dicom keep", {});
    const { bytes } = syntheticUltrasoundDicom({ width: W, height: H, frames: 1 });
    const result = await ingestDicom(h.deps, { projectId: other, uploadedBy: null, fileName: "single.dcm", bytes, keepPatientTags: true });
    expect(result.images.map((i) => i.image.originalName)).toEqual(["single.png"]);
    const [source] = await h.deps.db.select().from(imageSources).where(eq(imageSources.imageId, result.images[0]!.image.id));
    expect(source!.dicom!.attributes.PatientID).toBe("PHANTOM-0001");
  });

  it("refuses compressed and malformed files with a clear message", async () => {
    const { bytes } = syntheticUltrasoundDicom({ width: W, height: H, frames: 1, transferSyntax: "1.2.840.10008.1.2.4.50" });
    await expect(ingestDicom(h.deps, { projectId, uploadedBy: null, fileName: "jpeg.dcm", bytes })).rejects.toThrow(/Compressed DICOM .*1\.2\.840\.10008\.1\.2\.4\.50/);
    const junk = Buffer.concat([Buffer.alloc(128), Buffer.from("DICM"), Buffer.from("garbage")]);
    await expect(ingestDicom(h.deps, { projectId, uploadedBy: null, fileName: "junk.dcm", bytes: junk })).rejects.toBeInstanceOf(IngestError);
  });

  it("strips EXIF from JPEGs and text chunks from PNGs before storing (pixels unchanged)", async () => {
    const raw = Buffer.from(syntheticFrame(1, W, H));
    const jpeg = await sharp(raw, { raw: { width: W, height: H, channels: 1 } }).jpeg().withExif({ IFD0: { Artist: "Jane Patient", ImageDescription: "MRN 99887766" } }).toBuffer();
    expect(jpeg.includes("Jane Patient")).toBe(true);
    const { image } = await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: "exif.jpg", bytes: jpeg });
    const storedJpeg = await h.deps.storage.get(image.storageKey);
    expect(storedJpeg.includes("Jane Patient")).toBe(false);
    expect(storedJpeg.includes("MRN 99887766")).toBe(false);
    const a = await sharp(jpeg).raw().toBuffer();
    const b = await sharp(storedJpeg).raw().toBuffer();
    expect(Buffer.compare(a, b)).toBe(0);

    const png = await sharp(raw, { raw: { width: W, height: H, channels: 1 } }).png().toBuffer();
    const withText = insertPngText(png, "Comment", "Patient: Jane Patient");
    const { image: pngImage } = await ingestImage(h.deps, { projectId, uploadedBy: null, fileName: "text.png", bytes: withText });
    const storedPng = await h.deps.storage.get(pngImage.storageKey);
    expect(storedPng.includes("Jane Patient")).toBe(false);
    expect(Buffer.compare(Buffer.from(stripPngMetadata(withText)), storedPng)).toBe(0);
    expect(Buffer.compare(await sharp(storedPng).raw().toBuffer(), await sharp(png).raw().toBuffer())).toBe(0);
  });
});

/** A tEXt chunk after IHDR (CRC-32 computed here, so the PNG stays valid). */
function insertPngText(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.concat([Buffer.from(keyword, "latin1"), Buffer.from([0]), Buffer.from(text, "latin1")]);
  const type = Buffer.from("tEXt", "latin1");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  const ihdrEnd = 8 + 12 + 13;
  return Buffer.concat([png.subarray(0, ihdrEnd), length, type, data, crc, png.subarray(ihdrEnd)]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
