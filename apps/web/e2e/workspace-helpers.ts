// Shared by the workspace e2e test and the click-latency benchmark: seeding a project with
// phantom images and annotators, signing in, clicking at image coordinates, reading the mask.
import { getJobQueue, ingestImage, defaultApiConfig, createPasswordUser } from "@clickloop/api";
import { embeddings, images as imagesTable, memberships, parseProjectSettings, projects, type ProjectSettings } from "@clickloop/db";
import { eq } from "drizzle-orm";
import { phantomPng } from "@clickloop/phantom/node";
import { encodeEmbedding, firstClick, nextClick as simulatedNextClick } from "@clickloop/sam";
import { createImageEmbedder } from "@clickloop/sam/node";
import { LocalStorage } from "@clickloop/storage";
import type { Page } from "playwright-core";
import { saveScreenshot, type RunningApp } from "./harness";

export const PASSWORD = "correct horse battery";

export interface SeededImage {
  id: string;
  width: number;
  height: number;
  /** Ground truth, 1 = lesion. */
  mask: Uint8Array;
  /** The lesion's most interior pixel (distance-transform maximum). */
  interior: { x: number; y: number };
}

export interface SeededProject {
  projectId: string;
  annotators: { email: string; id: string }[];
  images: SeededImage[];
}

/**
 * A project with `annotatorCount` annotators and `imageCount` phantoms, uploaded in order.
 * `settings` overrides project settings (e.g. `queueStrategy: "upload"` for a test that asserts the
 * serving order: the in-process worker's scoring would otherwise re-rank the queue while it runs).
 */
export async function seedWorkspaceProject(app: RunningApp, imageCount: number, annotatorCount = 2, settings: Partial<ProjectSettings> = {}): Promise<SeededProject> {
  const db = app.database.db;
  const annotators = [];
  for (let i = 0; i < annotatorCount; i++) {
    const email = `annotator${i + 1}@hospital.test`;
    const user = await createPasswordUser(db, { email, name: `Annotator ${i + 1}`, password: PASSWORD });
    annotators.push({ email, id: user.id });
  }
  const [project] = await db.insert(projects).values({ name: "Breast ultrasound", targetLabel: "lesion", settings: parseProjectSettings(settings) }).returning();
  if (!project) throw new Error("project insert failed");
  await db.insert(memberships).values(annotators.map((a) => ({ projectId: project.id, userId: a.id, role: "annotator" as const })));

  const deps = { db, storage: new LocalStorage(app.storageDir), jobs: getJobQueue(), config: defaultApiConfig() };
  const images: SeededImage[] = [];
  const seededAt = Date.now() - imageCount * 1000;
  for (let i = 0; i < imageCount; i++) {
    const { image, phantom } = await phantomPng({ seed: `workspace:${i}`, width: 320, height: 256, lesions: 1, kind: "hypo" });
    const { image: row } = await ingestImage(deps, { projectId: project.id, uploadedBy: null, fileName: `phantom-${i}.png`, bytes: image });
    const centre = firstClick({ width: phantom.width, height: phantom.height, data: phantom.mask });
    if (!centre) throw new Error("phantom without a lesion");
    images.push({ id: row.id, width: phantom.width, height: phantom.height, mask: phantom.mask, interior: { x: centre.x, y: centre.y } });
    // Upload order is creation order: give each image its own timestamp instead of waiting.
    await db.update(imagesTable).set({ createdAt: new Date(seededAt + i * 1000) }).where(eq(imagesTable.id, row.id));
  }
  return { projectId: project.id, annotators, images };
}

/** Stores server-side embeddings as the worker would, so the workspace takes the normal path. */
export async function precomputeEmbeddings(app: RunningApp, images: SeededImage[]): Promise<void> {
  const storage = new LocalStorage(app.storageDir);
  const embedder = await createImageEmbedder({ threads: 2 });
  try {
    for (const image of images) {
      const row = await app.database.db.query.images.findFirst({ where: (t, { eq }) => eq(t.id, image.id) });
      const computed = await embedder.embedImage(await storage.get(row!.storageKey));
      const bytes = encodeEmbedding(computed.data, "float16");
      const key = `projects/${row!.projectId}/embeddings/${image.id}-${computed.encoderId}.f16`;
      await storage.put(key, bytes);
      await app.database.db
        .insert(embeddings)
        .values({ imageId: image.id, encoderId: computed.encoderId, storageKey: key, shape: computed.shape, dtype: "float16", byteSize: bytes.byteLength })
        .onConflictDoNothing();
    }
  } finally {
    await embedder.release();
  }
}

export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** Waits until the workspace shows an image whose embedding is ready; returns its id. */
export async function waitForWorkspaceImage(page: Page, notId?: string): Promise<string> {
  const handle = await explainTimeout(page, "workspace-image", page.waitForFunction(
    (previous) => {
      const workspace = document.querySelector('[data-testid="workspace"]');
      const ready = document.querySelector('[data-testid="viewer-area"]')?.getAttribute("data-ready") === "true";
      const id = workspace?.getAttribute("data-image-id");
      return ready && id && id !== previous ? id : null;
    },
    notId ?? null,
    { timeout: 240_000, polling: 100 },
  ));
  return (await handle.jsonValue()) as string;
}

/** Screen position (page coordinates) of an image pixel, from the viewer's current transform. */
export async function imageToPage(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const canvas = page.getByTestId("viewer-canvas");
  const view = (await canvas.getAttribute("data-view"))?.split(",").map(Number);
  const box = await canvas.boundingBox();
  if (!view || view.length !== 3 || !box) throw new Error("viewer has no transform yet");
  const [scale, tx, ty] = view as [number, number, number];
  return { x: box.x + tx + x * scale, y: box.y + ty + y * scale };
}

export async function clickMeasureCount(page: Page): Promise<number> {
  return page.evaluate(() => performance.getEntriesByName("clickloop:click-to-mask").length);
}

/** Clicks at an image pixel and waits until the resulting mask is on screen. */
export async function clickImage(page: Page, x: number, y: number, button: "left" | "right" = "left"): Promise<void> {
  const before = await clickMeasureCount(page);
  const point = await imageToPage(page, x, y);
  await page.mouse.click(point.x, point.y, { button });
  await page.waitForFunction((n) => performance.getEntriesByName("clickloop:click-to-mask").length > n, before, { timeout: 60_000, polling: 20 });
}

/** The displayed mask, read back from the image-resolution overlay canvas (any painted pixel). */
export async function readMask(page: Page): Promise<{ width: number; height: number; data: number[] }> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="mask-overlay"]') as HTMLCanvasElement;
    const ctx = canvas.getContext("2d")!;
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const data = new Array<number>(canvas.width * canvas.height);
    for (let i = 0; i < data.length; i++) data[i] = pixels[i * 4 + 3]! > 0 ? 1 : 0;
    return { width: canvas.width, height: canvas.height, data };
  });
}

/**
 * The next click of the standard clicker (docs/method.md §4, `nextClick` of @clickloop/sam, the one
 * the benchmarks and training rounds use): the error pixel farthest from its region's boundary
 * (the image border counts as boundary), positive in a missed region (FN), negative in a false one (FP).
 */
export function nextClick(gt: Uint8Array, pred: ArrayLike<number>, width: number, height: number): { x: number; y: number; positive: boolean } {
  const click = simulatedNextClick({ width, height, data: gt }, { width, height, data: Uint8Array.from(pred, (v) => (v ? 1 : 0)) });
  if (!click) throw new Error("the mask already equals the ground truth: no click to place");
  return { x: click.x, y: click.y, positive: click.label === 1 };
}

/** On a timeout, leave a screenshot and the visible state behind: the cause is usually on screen. */
export async function explainTimeout<T>(page: Page, name: string, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    const visible = await page
      .evaluate(() => document.body.innerText.slice(0, 600))
      .catch(() => "(page gone)");
    await saveScreenshot(page, `timeout-${name}`).catch(() => undefined);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nOn screen: ${visible}`);
  }
}

export function iou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ? 1 : 0;
    const y = b[i] ? 1 : 0;
    inter += x & y;
    union += x | y;
  }
  return union === 0 ? 0 : inter / union;
}
