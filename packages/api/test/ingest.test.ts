import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, images } from "@clickloop/db";
import { DEFAULT_INGEST_LIMITS, ingestImage, sniffImageType } from "../src/services/ingest";
import { IngestError, type IngestErrorCode } from "../src/services/ingest-errors";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

async function rejection(promise: Promise<unknown>): Promise<IngestErrorCode> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  return (error as IngestError).code;
}

describe("ingestImage", () => {
  let h: ApiHarness;
  let projectId: string;
  let otherProjectId: string;
  let userId: string;
  const ingest = (fileName: string, bytes: Uint8Array, limits = DEFAULT_INGEST_LIMITS, project = projectId) =>
    ingestImage(h.deps, { projectId: project, uploadedBy: userId, fileName, bytes }, limits);

  beforeAll(async () => {
    h = await createApiHarness();
    userId = (await h.createUser("lead@example.com")).id;
    projectId = await h.createProject("Ingest", { [userId]: "lead" });
    otherProjectId = await h.createProject("Other", { [userId]: "lead" });
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it("stores a PNG, records it, audits it and enqueues thumbnail + embedding jobs", async () => {
    const bytes = await makeImage(1, "png", 80, 60);
    const { image, duplicate } = await ingest("../../etc/scan 1.png", bytes);
    expect(duplicate).toBe(false);
    expect(image).toMatchObject({ width: 80, height: 60, mime: "image/png", byteSize: bytes.length, status: "unlabeled", originalName: "scan 1.png" });
    expect(image.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await h.deps.storage.get(image.storageKey)).toEqual(bytes);
    expect(h.jobs.sent.filter((j) => (j.payload as { imageId: string }).imageId === image.id).map((j) => j.name)).toEqual([
      "image.thumbnail",
      "image.embed",
    ]);
    const events = await h.deps.db.select().from(auditEvents).where(eq(auditEvents.targetId, image.id));
    expect(events.map((e) => e.action)).toEqual(["image.uploaded"]);
  });

  it("stores a JPEG with its own type", async () => {
    const { image } = await ingest("scan.jpeg", await makeImage(2, "jpeg", 50, 40));
    expect(image).toMatchObject({ width: 50, height: 40, mime: "image/jpeg" });
    expect(image.storageKey.endsWith(".jpg")).toBe(true);
  });

  it("dedupes by content within a project, not across projects", async () => {
    const bytes = await makeImage(3);
    const first = await ingest("a.png", bytes);
    const jobsBefore = h.jobs.sent.length;
    const again = await ingest("renamed.png", bytes);
    expect(again.duplicate).toBe(true);
    expect(again.image.id).toBe(first.image.id);
    expect(h.jobs.sent.length).toBe(jobsBefore);
    const elsewhere = await ingest("a.png", bytes, DEFAULT_INGEST_LIMITS, otherProjectId);
    expect(elsewhere.duplicate).toBe(false);
    expect(elsewhere.image.id).not.toBe(first.image.id);
    const rows = await h.deps.db.select().from(images).where(eq(images.sha256, first.image.sha256));
    expect(rows).toHaveLength(2);
  });

  it("rejects a truncated PNG and a truncated JPEG as corrupt", async () => {
    const png = await makeImage(4, "png", 64, 64);
    expect(await rejection(ingest("cut.png", png.subarray(0, Math.floor(png.length / 2))))).toBe("CORRUPT_IMAGE");
    const jpeg = await makeImage(5, "jpeg", 64, 64);
    expect(await rejection(ingest("cut.jpg", jpeg.subarray(0, Math.floor(jpeg.length / 2))))).toBe("CORRUPT_IMAGE");
  });

  it("rejects a text file named .png, an empty file, and other formats", async () => {
    expect(await rejection(ingest("notes.png", Buffer.from("hello, I am not an image\n")))).toBe("UNSUPPORTED_TYPE");
    expect(await rejection(ingest("empty.png", new Uint8Array(0)))).toBe("EMPTY_FILE");
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "binary");
    expect(await rejection(ingest("x.gif", gif))).toBe("UNSUPPORTED_TYPE");
    expect(sniffImageType(gif)).toBeNull();
  });

  it("enforces byte, pixel and side limits", async () => {
    const bytes = await makeImage(6, "png", 64, 64);
    expect(await rejection(ingest("big.png", bytes, { ...DEFAULT_INGEST_LIMITS, maxBytes: bytes.length - 1 }))).toBe("FILE_TOO_LARGE");
    expect(await rejection(ingest("wide.png", bytes, { ...DEFAULT_INGEST_LIMITS, maxSide: 32 }))).toBe("IMAGE_TOO_LARGE");
    expect(await rejection(ingest("pixels.png", bytes, { ...DEFAULT_INGEST_LIMITS, maxPixels: 1000 }))).toBe("IMAGE_TOO_LARGE");
    expect(await rejection(ingest("tiny.png", await makeImage(7, "png", 8, 8)))).toBe("IMAGE_TOO_SMALL");
    // Nothing was recorded for rejected files.
    const rows = await h.deps.db.select().from(images).where(eq(images.originalName, "big.png"));
    expect(rows).toEqual([]);
  });
});
