// SAM's three candidates on the first click (multimask decoder), single-mask output afterwards,
// and brush edits that survive later clicks and reloads of a restored draft.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { modelVersions } from "@clickloop/db";
import { minisamModelPaths } from "@clickloop/sam/node";
import { LocalStorage } from "@clickloop/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, saveScreenshot, startApp, type RunningApp } from "./harness";
import { clickImage, imageToPage, iou, nextClick, precomputeEmbeddings, readMask, seedWorkspaceProject, signIn, waitForWorkspaceImage, type SeededProject } from "./workspace-helpers";


describe("workspace: candidate picker and restored brush edits", () => {
  let app: RunningApp;
  let browser: Browser;
  let seeded: SeededProject;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    seeded = await seedWorkspaceProject(app, 2, 1);
    await precomputeEmbeddings(app, seeded.images);
    // The worker publishes the base multimask decoder at start-up; the page must see it.
    const pointer = path.join(app.storageDir, "models/base/multimask.json");
    for (const start = Date.now(); !existsSync(pointer); ) {
      if (Date.now() - start > 60_000) throw new Error("the worker did not publish the base multimask decoder");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(page, app.baseUrl, seeded.annotators[0]!.email);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const candidates = () => page.getByTestId("candidate");
  const draftVersion = async (imageId: string) =>
    (await app.database.db.query.annotations.findFirst({ where: (a, { eq }) => eq(a.imageId, imageId) }))?.version ?? 0;
  /** Waits until the autosave wrote a draft newer than `version`. */
  const waitForSaveAfter = (imageId: string, version: number) =>
    expect.poll(() => draftVersion(imageId), { timeout: 60_000, interval: 250 }).toBeGreaterThan(version);
  const area = (m: { data: number[] }) => m.data.reduce((a, b) => a + b, 0);

  it("offers three candidates on the first click, preselects the best predicted IoU, and switches the mask on choice", async () => {
    await page.goto(`${app.baseUrl}/projects/${seeded.projectId}/annotate`);
    const imageId = await waitForWorkspaceImage(page);
    const target = seeded.images.find((im) => im.id === imageId)!;
    await clickImage(page, target.interior.x, target.interior.y);

    await expect.poll(() => candidates().count()).toBe(3);
    const scores = await Promise.all([0, 1, 2].map(async (i) => Number(await candidates().nth(i).getAttribute("data-score"))));
    const pressed = await Promise.all([0, 1, 2].map((i) => candidates().nth(i).getAttribute("aria-pressed")));
    const best = scores.indexOf(Math.max(...scores));
    expect(pressed[best]).toBe("true");
    expect(pressed.filter((p) => p === "true")).toHaveLength(1);
    await saveScreenshot(page, "workspace-candidates");

    // Another candidate (by key) renders another mask; back to the best one by clicking it.
    const shown = await readMask(page);
    const other = scores.findIndex((_, i) => i !== best);
    await page.keyboard.press(String(other + 1));
    await expect.poll(() => candidates().nth(other).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(async () => iou((await readMask(page)).data, shown.data)).toBeLessThan(1);
    await candidates().nth(best).click();
    await expect.poll(async () => iou((await readMask(page)).data, shown.data)).toBe(1);

    // A second click: single-mask output (no picker), refining the chosen candidate.
    const click = nextClick(target.mask, shown.data, target.width, target.height);
    await clickImage(page, click.x, click.y, click.positive ? "left" : "right");
    await expect.poll(() => candidates().count()).toBe(0);
  });

  it("keeps a brush edit through a reload and a later click, and saves it with the draft", async () => {
    const imageId = (await page.getByTestId("workspace").getAttribute("data-image-id"))!;
    const target = seeded.images.find((im) => im.id === imageId)!;
    const corner = { x: 12, y: 12 }; // far from the lesion
    const cornerIndex = corner.y * target.width + corner.x;
    expect((await readMask(page)).data[cornerIndex]).toBe(0);
    await waitForSaveAfter(imageId, 0); // the clicks of the first test
    let version = await draftVersion(imageId);

    await page.keyboard.press("b");
    const from = await imageToPage(page, corner.x - 6, corner.y);
    const to = await imageToPage(page, corner.x + 6, corner.y);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await readMask(page)).data[cornerIndex]).toBe(1);
    await page.keyboard.press("v");
    await waitForSaveAfter(imageId, version);
    version = await draftVersion(imageId);

    // Reload: the draft comes back with the painted pixels.
    await page.reload();
    expect(await waitForWorkspaceImage(page)).toBe(imageId);
    await expect.poll(async () => (await readMask(page)).data[cornerIndex]).toBe(1);

    // A click after the restore re-runs the model; the brush edit stays on top of its answer.
    await clickImage(page, target.interior.x + 2, target.interior.y + 2);
    const afterClick = await readMask(page);
    expect(afterClick.data[cornerIndex]).toBe(1);
    expect(area(afterClick)).toBeGreaterThan(0);
    expect(iou(afterClick.data, target.mask)).toBeGreaterThan(0.3);
    expect(await candidates().count()).toBe(0); // not a first click: single-mask output

    // Saved with the draft: still there after another reload.
    await waitForSaveAfter(imageId, version);
    await page.reload();
    expect(await waitForWorkspaceImage(page)).toBe(imageId);
    await expect.poll(async () => iou((await readMask(page)).data, afterClick.data)).toBe(1);
    expect((await readMask(page)).data[cornerIndex]).toBe(1);
  });

  it("degrades to single-mask output when a version's multimask file fails its SHA-256 check", async () => {
    const current = (await page.getByTestId("workspace").getAttribute("data-image-id"))!;
    // A version whose single decoder is sam.onnx (new bytes: an unknown protobuf field) and whose
    // multimask file does not match its published hash.
    const bytes = Buffer.concat([await readFile(minisamModelPaths().decoder), Buffer.from([0xc0, 0x3e, 7])]);
    const storage = new LocalStorage(app.storageDir);
    await storage.put(`projects/${seeded.projectId}/models/v1/decoder.onnx`, bytes);
    await storage.put(`projects/${seeded.projectId}/models/v1/decoder-multimask.onnx`, new TextEncoder().encode("not a model"));
    const stat = { mean: null, std: null };
    await app.database.db.insert(modelVersions).values({
      projectId: seeded.projectId,
      number: 1,
      status: "deployed",
      sha256: createHash("sha256").update(bytes).digest("hex"),
      artifactKey: `projects/${seeded.projectId}/models/v1/decoder.onnx`,
      multimaskArtifactKey: `projects/${seeded.projectId}/models/v1/decoder-multimask.onnx`,
      multimaskSha256: "0".repeat(64),
      weightsKey: "unused",
      lambda: 1,
      mu: 1,
      metrics: { n: 0, byClicks: [], noc85: stat, noc90: stat },
      deployedAt: new Date(),
    });
    await expect.poll(() => page.getByTestId("model-update").textContent().catch(() => ""), { timeout: 90_000, interval: 1000 }).toContain("Version 1 ready");

    // The next image runs Version 1: a first click still segments, with no picker.
    await page.keyboard.press("s");
    await page.getByTestId("confirm-skip").click();
    const next = await waitForWorkspaceImage(page, current);
    expect(await page.getByTestId("model-version").textContent()).toContain("Version 1");
    const target = seeded.images.find((im) => im.id === next)!;
    await clickImage(page, target.interior.x, target.interior.y);
    expect(area(await readMask(page))).toBeGreaterThan(0);
    expect(await candidates().count()).toBe(0);
  });
});
