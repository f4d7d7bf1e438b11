import sharp from "sharp";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, saveScreenshot, startApp, type RunningApp } from "./harness";

/** A small synthetic "ultrasound" frame: dark speckle with a brighter ellipse. */
async function makeUltrasoundPng(width: number, height: number, seed = 12345): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height);
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = ((x - width / 2) / (width / 4)) ** 2 + ((y - height / 2) / (height / 5)) ** 2 < 1;
      pixels[y * width + x] = Math.round((inside ? 40 : 110) + random() * 60);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 1 } }).png().toBuffer();
}

interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Drops files on an element the way a browser does: a DataTransfer carrying File objects. */
async function dropFiles(page: Page, target: Locator, files: FilePayload[]): Promise<void> {
  const payload = files.map((file) => ({ name: file.name, mimeType: file.mimeType, base64: file.buffer.toString("base64") }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name, { type: item.mimeType }));
    }
    return transfer;
  }, payload);
  await target.dispatchEvent("dragenter", { dataTransfer });
  await target.dispatchEvent("drop", { dataTransfer });
}

describe("foundation: sign-up, project, upload, thumbnail", () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let projectUrl = "";

  beforeAll(async () => {
    // Thumbnails only: embeddings are the annotator workspace's business and cost seconds of CPU each.
    app = await startApp({ queues: ["image.thumbnail"] });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("creates the first admin account on an empty instance", async () => {
    const response = await page.goto(`${app.baseUrl}/projects`);
    // Signed-out visitors are sent to the sign-in page, which offers the first-admin form.
    await page.waitForURL(/\/sign-in/);
    // Cross-origin isolation, so the annotator workspace can use SharedArrayBuffer (wasm threads).
    expect(response?.headers()["cross-origin-embedder-policy"]).toBe("require-corp");
    expect(response?.headers()["cross-origin-opener-policy"]).toBe("same-origin");
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.getByRole("heading", { name: "Set up this ClickLoop instance" }).waitFor();
    await saveScreenshot(page, "01-first-admin");

    await page.getByLabel("Full name").fill("Dr. Ada Admin");
    await page.getByLabel("Work email").fill("ada@hospital.test");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create admin account" }).click();

    await page.waitForURL(/\/projects$/);
    await page.getByRole("heading", { name: "Projects" }).waitFor();
    await page.getByText("No projects yet").waitFor();
    await saveScreenshot(page, "02-projects-empty");
  });

  it("creates a project", async () => {
    await page.getByRole("button", { name: "New project" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Project name").fill("Breast ultrasound — lesions");
    await dialog.getByLabel("Target structure").fill("lesion");
    await dialog.getByLabel("Description").fill("BUSI-style frames; outline every lesion.");
    await saveScreenshot(page, "03-new-project-dialog");
    await dialog.getByRole("button", { name: "Create project" }).click();

    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    projectUrl = page.url();
    await page.getByRole("heading", { name: "Breast ultrasound — lesions" }).waitFor();
    await page.getByText("No images yet").waitFor();
  });

  it("uploads a PNG and shows its thumbnail once the worker has made it", async () => {
    const png = await makeUltrasoundPng(320, 240);
    await page.getByTestId("upload-input").setInputFiles({ name: "frame-001.png", mimeType: "image/png", buffer: png });

    await page.locator('[data-upload-state="created"]').waitFor();
    await saveScreenshot(page, "04-upload");

    const thumbnail = page.getByTestId("image-thumbnail").first();
    await thumbnail.waitFor({ timeout: 120_000 });
    // The image must actually decode, not just have a src.
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="image-thumbnail"]');
      return Boolean(img?.complete && img.naturalWidth > 0);
    });
    expect(await thumbnail.getAttribute("alt")).toBe("frame-001.png");
    await expect(page.getByRole("list", { name: "Images" }).getByText("320 × 240").isVisible()).resolves.toBe(true);
    await saveScreenshot(page, "05-grid");
  });

  it("reports a second upload of the same bytes as a duplicate", async () => {
    const png = await makeUltrasoundPng(320, 240);
    await page.getByTestId("upload-input").setInputFiles({ name: "frame-001-copy.png", mimeType: "image/png", buffer: png });
    await page.locator('[data-upload-state="duplicate"]').waitFor();
    await expect(page.getByText("Duplicate: this image is already in the project").isVisible()).resolves.toBe(true);
  });

  it("rejects a file that is not an image with a per-file error", async () => {
    await page.getByTestId("upload-input").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not an image") });
    await page.locator('[data-upload-state="error"]').waitFor();
    expect(await page.locator('[data-upload-state="error"]').count()).toBe(1);
    // The earlier uploads keep their own outcome.
    expect(await page.locator('[data-upload-state="created"]').count()).toBe(1);
    await saveScreenshot(page, "04b-upload-outcomes");
  });

  it("uploads several files at once by drag and drop, and filters by status", async () => {
    const files = [
      { name: "frame-002.png", mimeType: "image/png", buffer: await makeUltrasoundPng(256, 256, 2) },
      { name: "frame-003.png", mimeType: "image/png", buffer: await makeUltrasoundPng(200, 300, 3) },
    ];
    await dropFiles(page, page.getByTestId("upload-dropzone"), files);
    await page.waitForFunction(() => document.querySelectorAll('[data-upload-state="created"]').length === 3);

    // Every thumbnail appears (polling) and decodes.
    await page.waitForFunction(() => {
      const thumbnails = [...document.querySelectorAll<HTMLImageElement>('[data-testid="image-thumbnail"]')];
      return thumbnails.length === 3 && thumbnails.every((img) => img.complete && img.naturalWidth > 0);
    });
    const names = await page.getByTestId("image-thumbnail").evaluateAll((imgs) => imgs.map((img) => img.getAttribute("alt")));
    expect(names.sort()).toEqual(["frame-001.png", "frame-002.png", "frame-003.png"]);

    await page.getByRole("button", { name: /^Accepted/ }).click();
    expect(await page.getByRole("button", { name: /^Accepted/ }).getAttribute("aria-pressed")).toBe("true");
    await page.getByText("No accepted images").waitFor();
    await page.getByRole("button", { name: /^Unlabeled/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="image-thumbnail"]').length === 3);
    await page.getByRole("button", { name: /^All/ }).click();
    await saveScreenshot(page, "05b-grid-three");
  });

  it("invites an annotator, who joins through the link and cannot upload", async () => {
    await page.getByRole("link", { name: "Members" }).click();
    await page.waitForURL(/\/members$/);
    await page.getByLabel("Email", { exact: true }).fill("ben@hospital.test");
    await page.getByLabel("Role", { exact: true }).selectOption("annotator");
    await page.getByRole("button", { name: "Create invitation link" }).click();
    const link = await page.getByTestId("invitation-link").inputValue();
    expect(link).toMatch(/\/invite\/[^/]+$/);
    await page.getByText("ben@hospital.test").first().waitFor();
    await saveScreenshot(page, "06-members");

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const invitee = await context.newPage();
      await invitee.goto(`${app.baseUrl}/sign-in`);
      await invitee.getByRole("heading", { name: "Sign in" }).waitFor();
      await saveScreenshot(invitee, "00-sign-in");
      await invitee.goto(link);
      await invitee.getByRole("heading", { name: "Join Breast ultrasound — lesions" }).waitFor();
      await saveScreenshot(invitee, "07-invitation");
      await invitee.getByLabel("Full name").fill("Ben Annotator");
      await invitee.getByLabel("Password").fill("another good password");
      await invitee.getByRole("button", { name: "Accept invitation" }).click();
      await invitee.waitForURL(projectUrl);
      await invitee.getByTestId("image-thumbnail").first().waitFor();
      // Annotators see the images but get no upload panel (the API refuses them too).
      expect(await invitee.getByTestId("upload-input").count()).toBe(0);

      // A link works once.
      await invitee.goto(link);
      await invitee.getByRole("heading", { name: "This invitation cannot be used" }).waitFor();
      await invitee.getByText("This invitation has already been used.").waitFor();
      await saveScreenshot(invitee, "07b-invitation-used");
    } finally {
      await context.close();
    }

    await page.reload();
    await page.getByRole("table").getByText("Ben Annotator").waitFor();
    await page.getByText("No pending invitations.").waitFor();
  });

  it("serves the original to members and 404 to signed-out visitors", async () => {
    await page.goto(projectUrl);
    const src = await page.getByTestId("image-thumbnail").first().getAttribute("src");
    expect(src).toMatch(/^\/api\/images\/[0-9a-f-]{36}\/thumbnail/);
    const fileUrl = `${app.baseUrl}${src!.replace(/\/thumbnail.*$/, "/file")}`;
    const asMember = await page.request.get(fileUrl);
    expect(asMember.status()).toBe(200);
    const etag = asMember.headers()["etag"];
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(asMember.headers()["cache-control"]).toContain("immutable");
    const revalidated = await page.request.get(fileUrl, { headers: { "If-None-Match": etag! } });
    expect(revalidated.status()).toBe(304);
    const anonymous = await fetch(fileUrl);
    expect([401, 404]).toContain(anonymous.status);
  });

  it("lists the project with its image count", async () => {
    await page.goto(`${app.baseUrl}/projects`);
    const card = page.getByRole("link", { name: /Breast ultrasound — lesions/ });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/3\s*images/);
    await saveScreenshot(page, "08-projects");

    // Narrow screens (a tablet on a ward round) keep every control reachable.
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, "11-narrow-projects");
    await page.goto(projectUrl);
    await page.getByTestId("image-thumbnail").first().waitFor();
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    await saveScreenshot(page, "12-narrow-images");
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("signs out, refuses a wrong password, and signs back in", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    // A deep link survives the detour through sign-in.
    await page.goto(`${projectUrl}/members`);
    await page.waitForURL(/\/sign-in\?callbackUrl=/);

    await page.getByLabel("Email").fill("ada@hospital.test");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Incorrect email or password." }).waitFor();
    await saveScreenshot(page, "09-sign-in-error");

    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${projectUrl}/members`);
    await page.getByRole("heading", { name: "Members" }).waitFor();
    await page.goto(`${app.baseUrl}/projects`);
  });

  it("hides other projects from a member: list filtered, direct link 404", async () => {
    await page.getByRole("button", { name: "New project" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Project name").fill("Thyroid nodules");
    await dialog.getByLabel("Target structure").fill("nodule");
    await dialog.getByRole("button", { name: "Create project" }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const otherProjectUrl = page.url();

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const ben = await context.newPage();
      await ben.goto(`${app.baseUrl}/sign-in`);
      await ben.getByLabel("Email").fill("ben@hospital.test");
      await ben.getByLabel("Password").fill("another good password");
      await ben.getByRole("button", { name: "Sign in" }).click();
      await ben.waitForURL(/\/projects$/);
      await ben.getByRole("link", { name: /Breast ultrasound — lesions/ }).waitFor();
      expect(await ben.getByRole("link", { name: /Thyroid nodules/ }).count()).toBe(0);
      // Annotators cannot create projects.
      expect(await ben.getByRole("button", { name: "New project" }).count()).toBe(0);

      const response = await ben.goto(otherProjectUrl);
      expect(response?.status()).toBe(404);
      await ben.getByRole("heading", { name: "Page not found" }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("lets the admin change a member's role and revoke an invitation", async () => {
    await page.goto(`${projectUrl}/members`);
    const roleSelect = page.getByLabel("Role of Ben Annotator");
    await roleSelect.selectOption("lead");
    // Reload only once the page says the change reached the server.
    await page.getByRole("status", { name: "Role save status of Ben Annotator" }).getByText("Saved").waitFor();
    await page.reload();
    await expect(page.getByLabel("Role of Ben Annotator").inputValue()).resolves.toBe("lead");

    await page.getByLabel("Email", { exact: true }).fill("cara@hospital.test");
    await page.getByRole("button", { name: "Create invitation link" }).click();
    const pending = page.getByRole("listitem").filter({ hasText: "cara@hospital.test" });
    await pending.waitFor();
    await pending.getByRole("button", { name: "Revoke" }).click();
    await page.getByText("No pending invitations.").waitFor();

    // The last admin cannot be demoted: the API refuses and the row says why.
    await page.getByLabel("Role of Dr. Ada Admin").selectOption("annotator");
    await page.getByText("A project needs at least one admin.").waitFor();
    await saveScreenshot(page, "10-members-roles");
  });
});
