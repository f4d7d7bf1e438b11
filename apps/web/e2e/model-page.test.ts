// The Model page against the real app: versions with metrics, the live progress of a running
// round, cancelling/starting a round and rolling back, as an admin. Versions and the running round
// are seeded in the database (training itself is covered by apps/worker/test/train-round.test.ts).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPasswordUser, insertVersion } from "@clickloop/api";
import { memberships, projects, trainingRuns, type ModelMetrics } from "@clickloop/db";
import { launchBrowser, saveScreenshot, startApp, type RunningApp } from "./harness";
import { PASSWORD, signIn } from "./workspace-helpers";

function metrics(dice: [number, number, number, number, number], noc90: number): ModelMetrics {
  const stat = (mean: number) => ({ mean, std: 0.08 });
  return {
    n: 24,
    byClicks: dice.map((d, i) => ({ clicks: i + 1, dice: stat(d), iou: stat(d - 0.07), hd95: stat(34 - 5 * i) })),
    noc85: stat(noc90 - 1.2),
    noc90: stat(noc90),
  };
}

describe("model page", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let projectId: string;

  beforeAll(async () => {
    app = await startApp({ worker: false });
    const db = app.database.db;
    const admin = await createPasswordUser(db, { email: "admin@hospital.test", name: "Admin", password: PASSWORD });
    const [project] = await db.insert(projects).values({ name: "Breast ultrasound", targetLabel: "lesion" }).returning();
    projectId = project!.id;
    await db.insert(memberships).values({ projectId, userId: admin.id, role: "admin" });

    const history: [ModelMetrics, ModelMetrics, "deployed" | "rejected"][] = [
      [metrics([0.71, 0.77, 0.8, 0.83, 0.84], 6.1), metrics([0.62, 0.69, 0.74, 0.77, 0.79], 8.4), "deployed"],
      [metrics([0.76, 0.81, 0.84, 0.86, 0.87], 4.9), metrics([0.7, 0.76, 0.8, 0.82, 0.84], 6.0), "deployed"],
      [metrics([0.74, 0.8, 0.83, 0.85, 0.86], 5.3), metrics([0.76, 0.81, 0.84, 0.86, 0.87], 4.8), "rejected"],
    ];
    for (const [i, [candidate, baseline, status]] of history.entries()) {
      const sha256 = String(i + 1).repeat(64);
      await db.transaction((tx) =>
        insertVersion(tx, {
          projectId,
          trainingRunId: null,
          status,
          sha256,
          artifactKey: `projects/${projectId}/models/${sha256}.onnx`,
          multimaskArtifactKey: null,
          weightsKey: `projects/${projectId}/models/weights/${sha256}.bin`,
          lambda: 0.82 + i * 0.03,
          mu: 1.18 - i * 0.03,
          metrics: candidate,
          baselineMetrics: baseline,
        }),
      );
    }
    const losses = Array.from({ length: 34 }, (_, i) => 2.2 * Math.exp(-i / 14) + 0.9 + 0.25 * Math.sin(i * 1.7));
    await db.insert(trainingRuns).values({
      projectId,
      trigger: "auto",
      status: "running",
      acceptedCount: 120,
      trainCount: 96,
      valCount: 24,
      startedAt: new Date(Date.now() - 5 * 60_000),
      heartbeatAt: new Date(),
      lossCurve: losses,
      progress: { step: 34, totalSteps: 96, loss: losses.at(-1)!, lambda: 0.88, mu: 1.12, elapsedMs: 292_000, etaMs: 533_000, phase: "training" },
    });

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, app.baseUrl, "admin@hospital.test");
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows the running round, the metrics across versions and the version table", async () => {
    await page.goto(`${app.baseUrl}/projects/${projectId}/model`);
    await page.getByRole("heading", { name: "Versions" }).waitFor();
    await page.getByText("34 / 96").waitFor();
    expect(await page.getByText("Annotators are using").textContent()).toContain("Version 2");
    const rows = page.getByTestId("versions-table").locator("tbody tr");
    expect(await rows.count()).toBe(4); // v3, v2, v1, base
    expect(await rows.nth(0).textContent()).toContain("Rejected");
    expect(await rows.nth(1).textContent()).toContain("Deployed");
    expect(await page.getByRole("img", { name: "Validation Dice by model version" }).count()).toBe(1);
    await saveScreenshot(page, "model-page");
  });

  it("an admin cancels and starts rounds and rolls back the deployed version", async () => {
    await page.getByRole("button", { name: "Cancel round" }).click();
    await page.getByText("Cancelled", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Start training round" }).click();
    await page.getByText("Queued", { exact: true }).waitFor();

    await page.getByRole("button", { name: "Roll back" }).click();
    await page.waitForFunction(() => document.body.textContent?.includes("Annotators are using Version 1"));
    const rows = page.getByTestId("versions-table").locator("tbody tr");
    expect(await rows.nth(2).textContent()).toContain("Deployed"); // v1
    await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header would land mid-page otherwise
    await saveScreenshot(page, "model-page-after-rollback");
  });
});
