import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseModelInfo, handleModelFile, readBaseMultimask } from "@clickloop/api";
import { minisamModelPaths } from "@clickloop/sam/node";
import { LocalStorage } from "@clickloop/storage";
import { publishBaseMultimask } from "../src/models/base-multimask";

describe("base multimask decoder (published at worker start-up)", () => {
  let root: string;
  let storage: LocalStorage;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "clickloop-base-mm-"));
    storage = new LocalStorage(root);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const noUser = async () => null;
  const serveBase = (request: Request, file: string) => handleModelFile(request, "base", file, noUser, { deps: { storage } });

  it("is absent until published, then served content-addressed with its SHA-256 by model.deployed and the route", async () => {
    expect((await baseModelInfo(storage)).multimask).toBeNull();
    expect((await serveBase(new Request("http://x/"), "decoder-multimask.onnx")).status).toBe(404);

    const pointer = await publishBaseMultimask(storage);
    const bytes = await storage.get(pointer.key);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(pointer.sha256);
    expect(pointer.key).toBe(`models/base/${pointer.sha256}.multimask.onnx`);
    // Deterministic export: a second start publishes the very same file.
    expect(await publishBaseMultimask(storage)).toEqual(pointer);

    const base = await baseModelInfo(storage);
    expect(base.multimask).toEqual({ url: "/api/models/base/decoder-multimask.onnx", sha256: pointer.sha256 });
    expect(base.multimask!.sha256).not.toBe(base.sha256); // not sam.onnx (single-mask)

    const response = await serveBase(new Request("http://x/"), "decoder-multimask.onnx");
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${pointer.sha256}"`);
    expect(createHash("sha256").update(Buffer.from(await response.arrayBuffer())).digest("hex")).toBe(pointer.sha256);
    const cached = await serveBase(new Request("http://x/", { headers: { "if-none-match": `"${pointer.sha256}"` } }), "decoder-multimask.onnx");
    expect(cached.status).toBe(304);
  });

  it("ignores a pointer exported from another sam.onnx", async () => {
    const samSha = createHash("sha256").update(await readFile(minisamModelPaths().decoder)).digest("hex");
    expect(await readBaseMultimask(storage, samSha)).not.toBeNull();
    expect(await readBaseMultimask(storage, "0".repeat(64))).toBeNull();
  });

  it("serves the base decoder and encoder with exactly the SHA-256 model.deployed announces", async () => {
    const base = await baseModelInfo(storage);
    for (const [file, sha256] of [["decoder.onnx", base.sha256], ["encoder.onnx", base.encoder.sha256]] as const) {
      const response = await serveBase(new Request(`http://x${base.decoderUrl}`), file);
      expect(response.status).toBe(200);
      expect(response.headers.get("etag")).toBe(`"${sha256}"`);
      expect(response.headers.get("cache-control")).toContain("immutable");
      expect(createHash("sha256").update(Buffer.from(await response.arrayBuffer())).digest("hex")).toBe(sha256);
    }
    expect((await serveBase(new Request("http://x/"), "weights.bin")).status).toBe(404);
  });
});
