// The workspace opens an image with the deployed model's pre-annotation (al.score's auto-prompted
// prediction) drawn; submitting it with zero clicks saves it flagged as pre-annotated, and a
// correction keeps the auto click in the prompt set. Real database, models, scoring job, browser.
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annotations, imageScores, referenceMasks } from "@clickloop/db";
import { acceptReferenceMasks, getJobQueue, storageKeys } from "@clickloop/api";
import { decodeMaskImage } from "@clickloop/sam/node";
import { LocalStorage } from "@clickloop/storage";
import { runScoring } from "@clickloop/worker";
import { launchBrowser, saveScreenshot, startApp, type RunningApp } from "./harness";
import { clickImage, explainTimeout, iou, precomputeEmbeddings, readMask, seedWorkspaceProject, signIn, waitForWorkspaceImage, type SeededProject } from "./workspace-helpers";

const VIEWPORT = { width: 1440, height: 900 };
const LABELLED = 2;

async function waitForPreAnnotation(page: Page): Promise<void> {
  await explainTimeout(
    page,
    "pre-annotation",
    page.waitForFunction(
      () =>
        document.querySelector('[data-testid="pre-annotation-badge"]') !== null &&
        Number(document.querySelector('[data-testid="viewer-area"]')?.getAttribute("data-auto-clicks")) > 0,
      null,
      { timeout: 120_000, polling: 100 },
    ),
  );
}

describe("pre-annotation in the workspace", () => {
  let app: RunningApp;
  let browser: Browser;
  let seeded: SeededProject;
  let storage: LocalStorage;

  beforeAll(async () => {
    app = await startApp({ queues: ["image.thumbnail"] });
    storage = new LocalStorage(app.storageDir);
    browser = await launchBrowser();
    seeded = await seedWorkspaceProject(app, 4, 1);
    await precomputeEmbeddings(app, seeded.images);
    // The first two images come with reference masks (accepted): the prototype of the target.
    for (const image of seeded.images.slice(0, LABELLED)) {
      const png = await sharp(Buffer.from(image.mask.map((v) => (v ? 255 : 0))), { raw: { width: image.width, height: image.height, channels: 1 } }).png().toBuffer();
      const sha256 = createHash("sha256").update(png).digest("hex");
      const key = storageKeys.referenceMask(seeded.projectId, sha256);
      await storage.put(key, png);
      await app.database.db.insert(referenceMasks).values({ imageId: image.id, storageKey: key, sha256, originalName: "ref.png" });
    }
    await acceptReferenceMasks({ db: app.database.db, storage }, seeded.projectId);
    const outcome = await runScoring(seeded.projectId, { db: app.database.db, storage, jobs: getJobQueue(), log: () => undefined });
    if (outcome.outcome !== "published" || outcome.coldStart) throw new Error(`scoring: ${JSON.stringify(outcome)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("opens with the pre-annotation drawn; zero clicks submits it flagged; a correction keeps the auto click", async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    try {
      await signIn(page, app.baseUrl, seeded.annotators[0]!.email);
      await page.goto(`${app.baseUrl}/projects/${seeded.projectId}/annotate`);
      const firstId = await waitForWorkspaceImage(page);
      expect(seeded.images.slice(LABELLED).map((i) => i.id)).toContain(firstId);
      await waitForPreAnnotation(page);
      await expect.poll(async () => (await page.getByTestId("queue-rank").innerText()).replace(/\s+/g, " ")).toMatch(/Queue #\d+ by diversity/);
      expect(await page.getByTestId("click-count").innerText()).toMatch(/0/);
      const shown = await readMask(page);
      expect(shown.data.some((v) => v === 1)).toBe(true);
      await saveScreenshot(page, "pre-annotation");

      // Zero clicks: submit what the model proposed.
      await page.getByTestId("submit").click();
      const secondId = await waitForWorkspaceImage(page, firstId);
      const [first] = await app.database.db.select().from(annotations).where(eq(annotations.imageId, firstId));
      expect(first).toMatchObject({ preAnnotated: true, clickCount: 0, annotatorId: seeded.annotators[0]!.id });
      expect(first!.status === "accepted" || first!.status === "submitted").toBe(true);
      expect(first!.clicks.length).toBeGreaterThan(0);
      expect(first!.clicks.every((c) => c.auto === true)).toBe(true);
      // The saved mask is the scoring job's pre-annotation (browser and worker decode alike).
      const [score] = await app.database.db.select().from(imageScores).where(eq(imageScores.imageId, firstId));
      const saved = await decodeMaskImage(await storage.get(first!.maskKey!));
      const proposed = await decodeMaskImage(await storage.get(score!.preAnnotationKey!));
      expect(iou(saved.data, proposed.data)).toBeGreaterThan(0.95);

      // Correct the second one with one click: the auto click stays first in the prompt set.
      await waitForPreAnnotation(page);
      const image = seeded.images.find((i) => i.id === secondId)!;
      await clickImage(page, image.interior.x, image.interior.y);
      await expect.poll(async () => page.getByTestId("click-count").innerText()).toMatch(/1/);
      await page.getByTestId("submit").click();
      await explainTimeout(page, "queue-empty", page.getByText("The queue is empty").waitFor({ timeout: 120_000 }));
      const [second] = await app.database.db
        .select()
        .from(annotations)
        .where(and(eq(annotations.imageId, secondId), eq(annotations.annotatorId, seeded.annotators[0]!.id)));
      expect(second).toMatchObject({ preAnnotated: true, clickCount: 1 });
      expect(second!.clicks[0]?.auto).toBe(true);
      expect(second!.clicks.at(-1)).toMatchObject({ positive: true });
      expect(second!.clicks.at(-1)?.auto).toBeUndefined();
    } finally {
      await context.close();
    }
  });
});
