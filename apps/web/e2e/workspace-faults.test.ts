// Faults in the annotator's workspace: a submit racing an autosave, and the network going away
// while the annotator keeps clicking and brushing. Every wait is on a visible state (the save
// status, the button label, the next image), never on wall time.
import sharp from "sharp";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalStorage } from "@clickloop/storage";
import { launchBrowser, saveScreenshot, startApp, type RunningApp } from "./harness";
import { clickImage, imageToPage, iou, precomputeEmbeddings, readMask, seedWorkspaceProject, signIn, waitForWorkspaceImage, type SeededProject } from "./workspace-helpers";

const VIEWPORT = { width: 1440, height: 900 };
const SAVE_DRAFT = /\/api\/trpc\/[^?]*annotation\.saveDraft/;

function waitForSaveState(page: Page, state: string): Promise<unknown> {
  return page.waitForFunction((s) => document.querySelector('[data-testid="save-state"] [data-state]')?.getAttribute("data-state") === s, state, {
    timeout: 60_000,
  });
}

describe("workspace under faults", () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seeded: SeededProject;

  beforeAll(async () => {
    app = await startApp({ queues: ["image.thumbnail"] });
    seeded = await seedWorkspaceProject(app, 3, 1);
    await precomputeEmbeddings(app, seeded.images);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: VIEWPORT });
    page = await context.newPage();
    await signIn(page, app.baseUrl, seeded.annotators[0]!.email);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const annotationOf = (imageId: string) =>
    app.database.db.query.annotations.findFirst({ where: (a, { and, eq }) => and(eq(a.imageId, imageId), eq(a.annotatorId, seeded.annotators[0]!.id)) });
  const storedMask = async (maskKey: string) => {
    const png = await new LocalStorage(app.storageDir).get(maskKey);
    const { data } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    return Array.from(data, (v) => (v >= 128 ? 1 : 0));
  };

  it("a submit clicked while an autosave is in flight waits for it instead of failing with a conflict", async () => {
    await page.goto(`${app.baseUrl}/projects/${seeded.projectId}/annotate`);
    const imageId = await waitForWorkspaceImage(page);
    const target = seeded.images.find((im) => im.id === imageId)!;

    // The first autosave reaches the server (the draft is stored), but its answer is held back.
    let reachedServer!: () => void;
    const draftStored = new Promise<void>((resolve) => (reachedServer = resolve));
    let releaseAnswer!: () => void;
    const answerReleased = new Promise<void>((resolve) => (releaseAnswer = resolve));
    const hold = async (route: Route) => {
      const response = await route.fetch();
      reachedServer();
      await answerReleased;
      await route.fulfill({ response });
    };
    await page.route(SAVE_DRAFT, hold, { times: 1 });

    await clickImage(page, target.interior.x, target.interior.y);
    await draftStored;
    expect((await annotationOf(imageId))?.status).toBe("draft");
    const shown = await readMask(page);

    await page.getByTestId("submit").click();
    await page.getByTestId("submit").getByText("Submitting…").waitFor();
    releaseAnswer();

    expect(await waitForWorkspaceImage(page, imageId)).not.toBe(imageId);
    expect(await page.getByTestId("workspace-error").count()).toBe(0);
    const row = await annotationOf(imageId);
    expect(row?.status).toBe("accepted");
    expect(row?.version).toBeGreaterThanOrEqual(3); // draft(s), the submit based on the latest, the acceptance
    expect(iou(await storedMask(row!.maskKey!), shown.data)).toBe(1);
  });

  it("keeps clicking and brushing offline, says so, and saves the draft once the network is back", async () => {
    const imageId = await page.getByTestId("workspace").getAttribute("data-image-id");
    const target = seeded.images.find((im) => im.id === imageId)!;
    await waitForSaveState(page, "saved");

    await context.setOffline(true);
    await clickImage(page, target.interior.x, target.interior.y); // the decoder runs in the browser
    await page.keyboard.press("b");
    const [from, to] = await Promise.all([imageToPage(page, 12, 12), imageToPage(page, 70, 12)]);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.press("v");
    await waitForSaveState(page, "offline");
    await page.getByTestId("save-state").getByText("Offline — retrying").waitFor();
    await saveScreenshot(page, "workspace-faults-offline");
    const draft = await readMask(page);
    expect(draft.data[12 * target.width + 40]).toBe(1); // the brush stroke is on the draft
    expect(await annotationOf(imageId!)).toBeUndefined(); // nothing reached the server

    await context.setOffline(false);
    await waitForSaveState(page, "saved");
    const row = await annotationOf(imageId!);
    expect(row?.status).toBe("draft");
    expect(iou(await storedMask(row!.maskKey!), draft.data)).toBe(1);

    // The saved draft is what comes back after a reload.
    await page.reload();
    expect(await waitForWorkspaceImage(page)).toBe(imageId);
    await expect.poll(async () => iou((await readMask(page)).data, draft.data)).toBe(1);
  });
});
