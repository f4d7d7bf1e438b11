import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelVersions } from "@clickloop/db";
import { decodeMask, encodeImage, logitsToMask, preprocessImage, type Click } from "@clickloop/sam";
import { createNodeSession, decodeImageToRgb, minisamModelPaths } from "@clickloop/sam/node";
import { LocalStorage } from "@clickloop/storage";
import { launchBrowser, saveScreenshot, startApp, type RunningApp } from "./harness";
import { clickImage, imageToPage, iou, nextClick, precomputeEmbeddings, readMask, seedWorkspaceProject, signIn, waitForWorkspaceImage, type SeededProject } from "./workspace-helpers";

const VIEWPORT = { width: 1440, height: 900 };

/**
 * A decoder with new bytes (hence a new SHA-256) that computes the same as the base one:
 * sam.onnx plus an unknown protobuf field (number 1000), which ONNX parsers skip.
 */
async function distinctDecoderBytes(tag: number): Promise<Buffer> {
  const base = await readFile(minisamModelPaths().decoder);
  return Buffer.concat([base, Buffer.from([0xc0, 0x3e, tag])]);
}

/** Publishes a model version as a training round would: artifact in storage + deployed row. */
async function deployVersion(app: RunningApp, projectId: string, number: number, bytes: Buffer, sha256: string) {
  const db = app.database.db;
  await db.update(modelVersions).set({ status: "retired" }).where(eq(modelVersions.projectId, projectId));
  const key = `projects/${projectId}/models/v${number}/decoder.onnx`;
  await new LocalStorage(app.storageDir).put(key, bytes);
  const stat = { mean: null, std: null };
  const [row] = await db
    .insert(modelVersions)
    .values({
      projectId,
      number,
      status: "deployed",
      sha256,
      artifactKey: key,
      weightsKey: key,
      lambda: 1,
      mu: 1,
      metrics: { n: 0, byClicks: [], noc85: stat, noc90: stat },
      deployedAt: new Date(),
    })
    .returning();
  return row!;
}

/** The mask @clickloop/sam computes for the stored image in Node (onnxruntime-node). */
async function nodeMask(app: RunningApp, imageId: string, clicks: Click[]): Promise<Uint8Array> {
  const row = await app.database.db.query.images.findFirst({ where: (t, { eq }) => eq(t.id, imageId) });
  const rgb = await decodeImageToRgb(await new LocalStorage(app.storageDir).get(row!.storageKey));
  const paths = minisamModelPaths();
  const [encoder, decoder] = await Promise.all([createNodeSession(paths.encoder, { threads: 1 }), createNodeSession(paths.decoder, { threads: 1 })]);
  try {
    const embedding = await encodeImage(encoder, preprocessImage(rgb));
    const size = { width: rgb.width, height: rgb.height };
    const out = await decodeMask(decoder, embedding, { clicks }, size);
    return logitsToMask(out.masks[out.best]!, size).data;
  } finally {
    await Promise.all([encoder.session.release(), decoder.session.release()]);
  }
}

async function saveState(page: Page): Promise<string | null> {
  return page.getByTestId("save-state").locator("[data-state]").getAttribute("data-state");
}

async function waitForSaveState(page: Page, state: string): Promise<void> {
  await page.waitForFunction((s) => document.querySelector('[data-testid="save-state"] [data-state]')?.getAttribute("data-state") === s, state, {
    timeout: 60_000,
  });
}

describe("annotator workspace", () => {
  let app: RunningApp;
  let browser: Browser;
  let seeded: SeededProject;
  let alice: BrowserContext;
  let page: Page;
  let firstImageId = "";
  let secondImageId = "";

  beforeAll(async () => {
    app = await startApp();
    seeded = await seedWorkspaceProject(app, 4, 2, { queueStrategy: "upload" }); // the tests assert upload order
    // The first image has no server embedding (unless the worker makes one first): the browser computes it.
    await precomputeEmbeddings(app, seeded.images.slice(1));
    browser = await launchBrowser();
    alice = await browser.newContext({ viewport: VIEWPORT });
    page = await alice.newPage();
    await signIn(page, app.baseUrl, seeded.annotators[0]!.email);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const image = (id: string) => seeded.images.find((im) => im.id === id)!;
  /** The first annotator's annotation of an image, straight from the database. */
  const annotationOf = (imageId: string) =>
    app.database.db.query.annotations.findFirst({ where: (a, { and, eq }) => and(eq(a.imageId, imageId), eq(a.annotatorId, seeded.annotators[0]!.id)) });

  it("segments the lesion from clicks: the browser's mask matches the server-side model and overlaps the ground truth", async () => {
    await page.goto(`${app.baseUrl}/projects/${seeded.projectId}/annotate`);
    firstImageId = await waitForWorkspaceImage(page);
    expect(firstImageId).toBe(seeded.images[0]!.id); // upload order
    const target = image(firstImageId);

    // One click inside the lesion: the mask on the canvas is what @clickloop/sam computes in Node.
    await clickImage(page, target.interior.x, target.interior.y);
    let mask = await readMask(page);
    expect(mask.width).toBe(target.width);
    expect(mask.height).toBe(target.height);
    const reference = await nodeMask(app, firstImageId, [{ x: target.interior.x, y: target.interior.y, label: 1 }]);
    expect(iou(mask.data, reference)).toBeGreaterThan(0.98);

    // Then corrections as an annotator makes them (the standard clicker), negatives by right-click.
    for (let k = 1; k < 4 && iou(mask.data, target.mask) <= 0.5; k++) {
      const click = nextClick(target.mask, mask.data, target.width, target.height);
      await clickImage(page, click.x, click.y, click.positive ? "left" : "right");
      mask = await readMask(page);
    }
    expect(iou(mask.data, target.mask)).toBeGreaterThan(0.5);
    await saveScreenshot(page, "workspace-01-mask");
  });

  it("undoes, redoes and clears (clear is undoable too)", async () => {
    const withMask = await readMask(page);
    await page.getByTestId("undo").click();
    await expect.poll(async () => iou((await readMask(page)).data, withMask.data)).toBeLessThan(1);
    await page.keyboard.press("Shift+Z"); // redo by keyboard
    await expect.poll(async () => iou((await readMask(page)).data, withMask.data)).toBe(1);
    await page.keyboard.press("Backspace"); // clear
    await expect.poll(async () => (await readMask(page)).data.some((v) => v === 1)).toBe(false);
    await page.keyboard.press("Control+z");
    await expect.poll(async () => iou((await readMask(page)).data, withMask.data)).toBe(1);
  });

  it("paints with the brush and erases with the eraser, both undoable", async () => {
    const target = image(firstImageId);
    const before = await readMask(page);
    const area = (m: { data: number[] }) => m.data.reduce((a, b) => a + b, 0);
    const drag = async (points: { x: number; y: number }[]) => {
      const [first, ...rest] = await Promise.all(points.map((p) => imageToPage(page, p.x, p.y)));
      await page.mouse.move(first!.x, first!.y);
      await page.mouse.down();
      for (const p of rest) await page.mouse.move(p.x, p.y, { steps: 5 });
      await page.mouse.up();
    };
    await page.keyboard.press("b");
    await drag([{ x: 10, y: 10 }, { x: 60, y: 10 }]); // a stroke in the top-left corner, away from the lesion
    await expect.poll(async () => area(await readMask(page))).toBeGreaterThan(area(before));
    await page.keyboard.press("e");
    await drag([{ x: target.interior.x - 8, y: target.interior.y }, { x: target.interior.x + 8, y: target.interior.y }]);
    const centre = Math.floor(target.interior.y) * target.width + Math.floor(target.interior.x);
    await expect.poll(async () => (await readMask(page)).data[centre]).toBe(0);
    await page.keyboard.press("v");
    await page.keyboard.press("z");
    await page.keyboard.press("z");
    await expect.poll(async () => iou((await readMask(page)).data, before.data)).toBe(1);
  });

  it("autosaves the draft and restores it after a reload", async () => {
    const before = await readMask(page);
    await waitForSaveState(page, "saved");
    await page.reload();
    expect(await waitForWorkspaceImage(page)).toBe(firstImageId); // the lease holds the same image
    await expect.poll(async () => iou((await readMask(page)).data, before.data)).toBe(1);
    expect(await saveState(page)).toBe("saved");
  });

  it("shows the shortcut help with ?", async () => {
    await page.keyboard.press("?");
    await page.getByTestId("shortcut-help").waitFor();
    await saveScreenshot(page, "workspace-02-help");
    await page.keyboard.press("Escape");
    await page.getByTestId("shortcut-help").waitFor({ state: "detached" });
  });

  it("submits, opens the next image, and keeps the submitted mask and the model used", async () => {
    const shown = await readMask(page);
    await page.getByTestId("submit").click();
    secondImageId = await waitForWorkspaceImage(page, firstImageId);
    expect(secondImageId).toBe(seeded.images[1]!.id);

    const row = await annotationOf(firstImageId);
    expect(row?.status).toBe("accepted"); // the project does not require review: accepted on submit
    expect(row?.modelVersionId).toBe("base");
    expect(row?.clicks.length).toBeGreaterThanOrEqual(1);
    expect(row?.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    const png = await new LocalStorage(app.storageDir).get(row!.maskKey!);
    const { data } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect(iou(Array.from(data, (v) => (v >= 128 ? 1 : 0)), shown.data)).toBe(1);

    // After a reload the submitted image is not served again; the next one is.
    await page.reload();
    expect(await waitForWorkspaceImage(page)).toBe(secondImageId);
  });

  it("does not serve the image another annotator holds", async () => {
    const bob = await browser.newContext({ viewport: VIEWPORT });
    const bobPage = await bob.newPage();
    await signIn(bobPage, app.baseUrl, seeded.annotators[1]!.email);
    await bobPage.goto(`${app.baseUrl}/projects/${seeded.projectId}/annotate`);
    const bobImage = await waitForWorkspaceImage(bobPage);
    expect(bobImage).not.toBe(secondImageId); // Alice holds it
    expect(bobImage).not.toBe(firstImageId); // submitted
    expect(bobImage).toBe(seeded.images[2]!.id);
    await bob.close();
  });

  it("refuses a save based on a stale version (another tab saved first) and overwrites nothing", async () => {
    const target = image(secondImageId);
    await clickImage(page, target.interior.x, target.interior.y);
    await waitForSaveState(page, "saved");

    // A second tab of the same annotator opens the same (leased) image and saves a change.
    const other = await alice.newPage();
    await other.goto(`${app.baseUrl}/projects/${seeded.projectId}/annotate`);
    expect(await waitForWorkspaceImage(other)).toBe(secondImageId);
    await other.keyboard.press("Backspace"); // clear: an edit
    await waitForSaveState(other, "saved");
    const afterOther = await annotationOf(secondImageId);

    // The first tab still holds the old version: its next save must be refused, visibly.
    await page.bringToFront();
    await clickImage(page, target.interior.x + 3, target.interior.y, "left");
    await waitForSaveState(page, "conflict");
    await expect.poll(() => page.getByTestId("workspace-error").textContent()).toMatch(/another tab or device/);
    const after = await annotationOf(secondImageId);
    expect(after?.version).toBe(afterOther!.version);
    expect(after?.maskKey).toBe(afterOther!.maskKey);
    await saveScreenshot(page, "workspace-03-conflict");
    await other.close();
  });
  it("switches to a newly deployed model at the next image, after a background download and SHA-256 check", async () => {
    await page.reload(); // leave the conflict behind
    expect(await waitForWorkspaceImage(page)).toBe(secondImageId);
    const bytes = await distinctDecoderBytes(1);
    const version = await deployVersion(app, seeded.projectId, 1, bytes, createHash("sha256").update(bytes).digest("hex"));

    // Polled, downloaded and verified in the background; the open image keeps its model.
    await expect.poll(() => page.getByTestId("model-update").textContent().catch(() => ""), { timeout: 90_000, interval: 1000 }).toContain("Version 1 ready");
    expect(await page.getByTestId("model-version").textContent()).toContain("MobileSAM base");

    // Skipping (with a reason) opens the next image, which runs the new version.
    await page.keyboard.press("s");
    await page.getByTestId("confirm-skip").click();
    const next = await waitForWorkspaceImage(page, secondImageId);
    expect(next).toBe(seeded.images[3]!.id);
    expect(await page.getByTestId("model-version").textContent()).toContain("Version 1");
    const skipped = await annotationOf(secondImageId);
    expect(skipped?.status).toBe("skipped");
    expect(skipped?.skipReason).toBe("No target structure visible");

    const target = image(next);
    await clickImage(page, target.interior.x, target.interior.y);
    expect(iou((await readMask(page)).data, await nodeMask(app, next, [{ x: target.interior.x, y: target.interior.y, label: 1 }]))).toBeGreaterThan(0.98);
    await waitForSaveState(page, "saved");
    const saved = await annotationOf(next);
    expect(saved?.modelVersionId).toBe(version.id);
    expect(saved?.modelSha256).toBe(version.sha256);
  });

  it("keeps the current model when a deployed file fails its SHA-256 check", async () => {
    await deployVersion(app, seeded.projectId, 2, await distinctDecoderBytes(2), "0".repeat(64));
    await expect.poll(() => page.getByTestId("model-error").textContent().catch(() => ""), { timeout: 90_000, interval: 1000 }).toContain(
      "Version 2 could not be loaded; still using Version 1",
    );
    expect(await page.getByTestId("model-version").textContent()).toContain("Version 1");
    await saveScreenshot(page, "workspace-04-model-update-refused");
    const target = image(seeded.images[3]!.id);
    await clickImage(page, target.interior.x + 2, target.interior.y); // still segments
  });
});
