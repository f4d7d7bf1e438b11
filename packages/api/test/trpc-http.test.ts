// The tRPC HTTP endpoint under abuse: bodies are limited while they stream (no Content-Length
// needed), batches are bounded, and a crash answers with a reference, never SQL or a stack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import superjson from "superjson";
import { createTRPCContext } from "../src/trpc";
import { handleTrpcRequest } from "../src/services/trpc-http";
import { handleImageUpload } from "../src/services/http";
import { createApiHarness, type ApiHarness } from "./helpers";
import { makeImage } from "./images";

const BASE = "http://clickloop.test/api/trpc";

/** A body of `total` bytes produced on demand, counting how much the server pulled. */
function endlessBody(total: number, chunk = 64 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(chunk, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, pulled: () => sent };
}

describe("tRPC over HTTP", () => {
  let h: ApiHarness;
  let userId: string;
  let projectId: string;
  const logged: { message: string; error: unknown }[] = [];

  beforeAll(async () => {
    h = await createApiHarness();
    userId = (await h.createUser("lead@example.com")).id;
    projectId = await h.createProject("Http", { [userId]: "lead" });
  });
  afterAll(async () => h?.cleanup());

  const call = (request: Request, signedIn = false) =>
    handleTrpcRequest(request, {
      createContext: () => createTRPCContext({ headers: request.headers, session: signedIn ? { user: { id: userId } } : null, deps: h.deps }),
      limits: { maxBodyBytes: 1024 * 1024 },
      logError: (message, error) => logged.push({ message, error }),
    });

  it("answers 413 to a chunked body past the limit without reading all of it", async () => {
    const body = endlessBody(64 * 1024 * 1024);
    const request = new Request(`${BASE}/auth.registerFirstAdmin`, { method: "POST", body: body.stream, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const response = await call(request);
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThan(4 * 1024 * 1024);
  });

  it("answers 413 to a declared Content-Length past the limit before reading", async () => {
    const body = endlessBody(2 * 1024 * 1024);
    const request = new Request(`${BASE}/auth.registerFirstAdmin`, {
      method: "POST",
      body: body.stream,
      headers: { "content-type": "application/json", "content-length": String(2 * 1024 * 1024) },
      duplex: "half",
    } as RequestInit);
    expect((await call(request)).status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it("serves calls under the limit, and refuses batches of more than 20 calls", async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { json: null } }));
    const ok = await call(new Request(`${BASE}/auth.status?batch=1&input=${input}`));
    expect(ok.status).toBe(200);
    const paths = Array.from({ length: 21 }, () => "auth.status").join(",");
    const inputs = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [i, { json: null }]))));
    const tooMany = await call(new Request(`${BASE}/${paths}?batch=1&input=${inputs}`));
    expect(tooMany.status).toBe(400);
    const twenty = Array.from({ length: 20 }, () => "auth.status").join(",");
    const inputs20 = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i, { json: null }]))));
    expect((await call(new Request(`${BASE}/${twenty}?batch=1&input=${inputs20}`))).status).toBe(200);
  });

  it("masks internal errors: no SQL text or stack reaches the client; the server log has it under the same reference", async () => {
    // Break the table image.list reads, so the query fails inside Drizzle.
    await h.deps.db.execute(sql`alter table images rename to images_broken`);
    try {
      const input = encodeURIComponent(superjson.stringify({ projectId, limit: 10 }));
      const response = await call(new Request(`${BASE}/image.list?input=${input}`), true);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toMatch(/Failed query|select|images|stack|\.ts:/i);
      const reference = /reference ([0-9a-f]{12})/.exec(text)?.[1];
      expect(reference).toBeDefined();
      const line = logged.find((l) => l.message.includes(reference!));
      expect(line?.message).toContain("image.list");
      expect(String((line?.error as Error)?.message ?? line?.error)).toMatch(/images/);
    } finally {
      await h.deps.db.execute(sql`alter table images_broken rename to images`);
    }
  });

  it("upload: a chunked body past the file limit gets 413 without being read whole", async () => {
    const limits = { maxBytes: 256 * 1024, maxPixels: 64 * 1024 * 1024, maxSide: 8192, minSide: 16 };
    const body = endlessBody(32 * 1024 * 1024);
    const request = new Request(`http://clickloop.test/api/projects/${projectId}/images`, {
      method: "POST",
      body: body.stream,
      headers: { "content-type": "multipart/form-data; boundary=x" },
      duplex: "half",
    } as RequestInit);
    const response = await handleImageUpload(request, projectId, { id: userId }, { deps: h.deps, limits });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "FILE_TOO_LARGE" } });
    expect(body.pulled()).toBeLessThan(2 * 1024 * 1024);

    // A file under the limit still goes through.
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(await makeImage(4242))]), "small.png");
    const ok = await handleImageUpload(new Request(`http://clickloop.test/api/projects/${projectId}/images`, { method: "POST", body: form }), projectId, { id: userId }, { deps: h.deps, limits });
    expect(ok.status).toBe(201);
  });
});
