import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { images } from "@clickloop/db";
import { handleImageFile, handleImageUpload } from "../src/services/http";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

function uploadRequest(projectId: string, bytes: Uint8Array | string, name = "scan.png"): Request {
  const form = new FormData();
  form.set("file", new Blob([typeof bytes === "string" ? bytes : new Uint8Array(bytes)]), name);
  return new Request(`http://clickloop.test/api/projects/${projectId}/images`, { method: "POST", body: form });
}

describe("HTTP upload and file handlers", () => {
  let h: ApiHarness;
  let projectId: string;
  const users: Record<string, { id: string }> = {};

  beforeAll(async () => {
    h = await createApiHarness();
    for (const name of ["lead", "annotator", "outsider"]) users[name] = await h.createUser(`${name}@example.com`);
    projectId = await h.createProject("Http", { [users.lead!.id]: "lead", [users.annotator!.id]: "annotator" });
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it("uploads as lead (201, then 200 duplicate), refuses others and bad files with codes", async () => {
    const bytes = await makeImage(42, "png", 300, 200);
    const created = await handleImageUpload(uploadRequest(projectId, bytes), projectId, users.lead!, { deps: h.deps });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { image: { id: string; width: number } };
    expect(body.image.width).toBe(300);

    const again = await handleImageUpload(uploadRequest(projectId, bytes, "copy.png"), projectId, users.lead!, { deps: h.deps });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ image: { id: body.image.id }, duplicate: true });

    const bad = await handleImageUpload(uploadRequest(projectId, "plain text"), projectId, users.lead!, { deps: h.deps });
    expect(bad.status).toBe(415);
    expect(await bad.json()).toMatchObject({ error: { code: "UNSUPPORTED_TYPE" } });

    const statuses = await Promise.all(
      [users.annotator!, users.outsider!, null].map(async (user) => (await handleImageUpload(uploadRequest(projectId, bytes), projectId, user, { deps: h.deps })).status),
    );
    expect(statuses).toEqual([403, 404, 401]);
  });

  it("serves the original to members with an ETag, 304 on revalidation, 404 to outsiders and for missing thumbnails", async () => {
    const bytes = await makeImage(43);
    const upload = await handleImageUpload(uploadRequest(projectId, bytes), projectId, users.lead!, { deps: h.deps });
    const { image } = (await upload.json()) as { image: { id: string; sha256: string } };
    const url = `http://clickloop.test/api/images/${image.id}/file`;

    const ok = await handleImageFile(new Request(url), image.id, "file", users.annotator!, { deps: h.deps });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBe(`"${image.sha256}"`);
    expect(ok.headers.get("content-type")).toBe("image/png");
    expect(ok.headers.get("cache-control")).toContain("immutable");
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(bytes);

    const revalidated = await handleImageFile(new Request(url, { headers: { "if-none-match": `"${image.sha256}"` } }), image.id, "file", users.annotator!, {
      deps: h.deps,
    });
    expect(revalidated.status).toBe(304);

    expect((await handleImageFile(new Request(url), image.id, "file", users.outsider!, { deps: h.deps })).status).toBe(404);
    expect((await handleImageFile(new Request(url), image.id, "file", null, { deps: h.deps })).status).toBe(401);
    expect((await handleImageFile(new Request(url), image.id, "thumbnail", users.lead!, { deps: h.deps })).status).toBe(404);
    expect((await handleImageFile(new Request(url), "not-a-uuid", "file", users.lead!, { deps: h.deps })).status).toBe(404);

    // Deleting through tRPC removes the row and its file.
    const [row] = await h.deps.db.select().from(images).where(eq(images.id, image.id));
    await (await h.callerFor(users.lead!.id)).image.delete({ projectId, imageId: image.id });
    expect(await h.deps.storage.head(row!.storageKey)).toBeNull();
    expect((await handleImageFile(new Request(url), image.id, "file", users.lead!, { deps: h.deps })).status).toBe(404);
  });

  it("pages image.list with a cursor and filters by status", async () => {
    for (const seed of [50, 51, 52]) {
      await handleImageUpload(uploadRequest(projectId, await makeImage(seed)), projectId, users.lead!, { deps: h.deps });
    }
    const caller = await h.callerFor(users.annotator!.id);
    const all = await caller.image.list({ projectId, limit: 200 });
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBe(4);
    const first = await caller.image.list({ projectId, limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.image.list({ projectId, limit: 1, cursor: first.nextCursor });
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    expect(second.items[0]?.id).toBe(all.items[1]?.id);
    expect((await caller.image.list({ projectId, limit: 10, status: "accepted" })).total).toBe(0);
  });
});
