// The lead's day in Chromium: accept one submission (Enter), reject another with a reason (R);
// the annotator sees the reason in the workspace and resubmits; the resubmission is back in
// review with its history; the dashboard shows its charts with the right counts.
import { readFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller, createPasswordUser, createTRPCContext, defaultApiConfig, getJobQueue } from "@clickloop/api";
import { encodeMaskRle } from "@clickloop/api/browser";
import { annotationRevisions, annotations, memberships, projects } from "@clickloop/db";
import { LocalStorage } from "@clickloop/storage";
import { launchBrowser, saveScreenshot, startApp, type RunningApp } from "./harness";
import { explainTimeout, precomputeEmbeddings, seedWorkspaceProject, signIn, waitForWorkspaceImage, type SeededProject } from "./workspace-helpers";

const VIEWPORT = { width: 1440, height: 900 };

describe("review and dashboard", () => {
  let app: RunningApp;
  let browser: Browser;
  let seeded: SeededProject;
  let leadEmail: string;
  const submitted: { id: string; imageId: string }[] = [];

  beforeAll(async () => {
    app = await startApp({ queues: ["image.thumbnail", "export.run"] });
    seeded = await seedWorkspaceProject(app, 3, 1);
    const db = app.database.db;
    leadEmail = "lead@hospital.test";
    const lead = await createPasswordUser(db, { email: leadEmail, name: "Dr. Lead", password: "correct horse battery" });
    await db.insert(memberships).values({ projectId: seeded.projectId, userId: lead.id, role: "lead" });
    await db.update(projects).set({ settings: { requireReview: true, autoTrainThreshold: 1000, overlap: 1 } }).where(eq(projects.id, seeded.projectId));
    // The rejected image comes back to the annotator's workspace: give it its embedding.
    await precomputeEmbeddings(app, seeded.images.slice(1, 2));

    // The annotator's two submissions (the reference masks, as the workspace would send them).
    const deps = { db, storage: new LocalStorage(app.storageDir), jobs: getJobQueue(), config: defaultApiConfig() };
    const annotator = createCaller(await createTRPCContext({ headers: new Headers(), session: { user: { id: seeded.annotators[0]!.id } }, deps }));
    for (const [i, seconds] of [[0, 14], [1, 31]] as const) {
      const image = seeded.images[i]!;
      await annotator.queue.next({ projectId: seeded.projectId });
      const saved = await annotator.annotation.submit({
        projectId: seeded.projectId,
        imageId: image.id,
        expectedVersion: null,
        mask: encodeMaskRle(image.mask, image.width, image.height),
        clicks: [
          { x: image.interior.x, y: image.interior.y, positive: true, t: 800 },
          { x: image.interior.x + 30, y: image.interior.y + 20, positive: false, t: 2400 },
        ],
        box: null,
        modelVersionId: "base",
        modelSha256: null,
        timeSpentMs: seconds * 1000,
        clickCount: 2,
      });
      submitted.push({ id: saved.id, imageId: image.id });
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const annotationRow = (id: string) => app.database.db.query.annotations.findFirst({ where: (a, { eq }) => eq(a.id, id) });

  async function waitForReviewItem(page: Page, annotationId: string) {
    await explainTimeout(
      page,
      "review-item",
      page.waitForFunction(
        (id) =>
          document.querySelector('[data-testid="review-screen"]')?.getAttribute("data-annotation-id") === id &&
          document.querySelector('[data-testid="review-viewer"]')?.getAttribute("data-ready") === "true",
        annotationId,
        { timeout: 120_000 },
      ),
    );
  }

  it("a lead accepts one mask with Enter and rejects another with a reason", async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await signIn(page, app.baseUrl, leadEmail);
    await page.goto(`${app.baseUrl}/projects/${seeded.projectId}/review`);
    await waitForReviewItem(page, submitted[0]!.id);
    await expect.poll(() => page.getByTestId("review-position").innerText()).toBe("1 of 2 waiting");
    expect(await page.getByTestId("review-annotator").innerText()).toBe("Annotator 1");
    expect(await page.getByTestId("review-clicks").innerText()).toBe("2");
    expect(await page.getByTestId("review-time").innerText()).toBe("14 s");
    expect(await page.getByTestId("review-model").innerText()).toBe("Base MobileSAM");
    await saveScreenshot(page, "review-01-submission");

    await page.keyboard.press("Enter");
    await waitForReviewItem(page, submitted[1]!.id);
    await expect.poll(() => page.getByTestId("review-position").innerText()).toBe("1 of 1 waiting");
    expect((await annotationRow(submitted[0]!.id))?.status).toBe("accepted");

    await page.keyboard.press("r");
    const dialog = page.getByRole("dialog", { name: "Reject mask" });
    await dialog.waitFor();
    await page.keyboard.press("2"); // "Part of the lesion missed"
    await page.getByTestId("reject-note").fill("include the posterior margin");
    await saveScreenshot(page, "review-02-reject-dialog");
    await page.getByTestId("confirm-reject").click();
    await page.getByText("Nothing waiting for review").waitFor();
    const rejected = await annotationRow(submitted[1]!.id);
    expect(rejected).toMatchObject({ status: "rejected", reviewReason: "Part of the lesion missed: include the posterior margin" });
    await context.close();
  });

  it("the annotator sees the reason in the workspace and resubmits; the resubmission is back in review with its history", async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await signIn(page, app.baseUrl, seeded.annotators[0]!.email);
    await page.goto(`${app.baseUrl}/projects/${seeded.projectId}/annotate`);
    const imageId = await waitForWorkspaceImage(page);
    expect(imageId).toBe(submitted[1]!.imageId); // the returned mask comes first
    const banner = page.getByTestId("review-reason");
    await banner.waitFor();
    expect(await banner.innerText()).toContain("Part of the lesion missed: include the posterior margin");
    await saveScreenshot(page, "review-03-workspace-reason");
    await page.getByTestId("submit").click();
    await waitForWorkspaceImage(page, imageId);
    const resubmitted = await annotationRow(submitted[1]!.id);
    expect(resubmitted?.status).toBe("submitted");
    const revisions = await app.database.db.select().from(annotationRevisions).where(eq(annotationRevisions.annotationId, submitted[1]!.id));
    expect(revisions.map((r) => r.outcome).sort()).toEqual(["pending", "rejected"]);
    await context.close();

    const lead = await browser.newContext({ viewport: VIEWPORT });
    const leadPage = await lead.newPage();
    await signIn(leadPage, app.baseUrl, leadEmail);
    await leadPage.goto(`${app.baseUrl}/projects/${seeded.projectId}/review`);
    await waitForReviewItem(leadPage, submitted[1]!.id);
    const history = leadPage.getByTestId("review-history");
    await expect.poll(() => history.locator("li").count()).toBe(2);
    expect(await history.innerText()).toContain("include the posterior margin");
    await saveScreenshot(leadPage, "review-04-resubmission");
    await lead.close();
  });

  it("the dashboard shows its charts with the right counts", async () => {
    const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, app.baseUrl, leadEmail);
    await page.goto(`${app.baseUrl}/projects/${seeded.projectId}/dashboard`);
    await page.getByTestId("dashboard").waitFor();
    expect(await page.getByTestId("stat-backlog").innerText()).toBe("1");
    expect(await page.getByTestId("stat-accepted").innerText()).toBe("1");
    expect(await page.getByTestId("stat-rejection").innerText()).toBe("50 %");
    for (const chart of ["chart-progress", "chart-effort", "chart-throughput"]) {
      await page.getByTestId(chart).locator(".recharts-surface").first().waitFor();
    }
    const row = page.getByTestId("annotator-row").first();
    expect((await row.locator("td").allInnerTexts()).slice(0, 4)).toEqual(["Annotator 1", "3", "1", "1"]);

    // The throughput chart's CSV holds the counts it draws.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("chart-throughput").getByTestId("csv-download").click()]);
    const csv = (await readFile((await download.path())!, "utf8")).trim().split("\n");
    expect(csv[0]).toBe("day,annotator,submitted,accepted");
    expect(csv.slice(1).map((line) => line.split(",").slice(1).join(","))).toEqual(["Annotator 1,3,1"]);
    // Tall enough that the full-page screenshot needs no scrolling (the header is sticky).
    await page.setViewportSize({ width: 1440, height: 1560 });
    await saveScreenshot(page, "dashboard-01");

    const rows = await app.database.db.select().from(annotations).where(and(eq(annotations.projectId, seeded.projectId)));
    expect(rows.map((r) => r.status).sort()).toEqual(["accepted", "submitted"]);
    await context.close();
  });

  it("a lead exports the accepted masks and downloads the zip", async () => {
    const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, app.baseUrl, leadEmail);
    await page.goto(`${app.baseUrl}/projects/${seeded.projectId}/export`);
    await page.getByTestId("start-export").click();
    const row = page.locator('[data-testid="export-row"][data-status="succeeded"]').first();
    await explainTimeout(page, "export-finished", row.waitFor({ timeout: 120_000 }));
    expect(await row.innerText()).toContain("1 mask");
    await saveScreenshot(page, "export-01");
    const [download] = await Promise.all([page.waitForEvent("download"), row.getByTestId("export-download").click()]);
    expect(download.suggestedFilename()).toMatch(/^Breast-ultrasound-png-masks-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = await readFile((await download.path())!);
    expect(zip.subarray(0, 2).toString("latin1")).toBe("PK");
    await context.close();
  });
});
