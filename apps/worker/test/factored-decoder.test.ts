import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseModelInfo, createPasswordUser, deployedModelInfo, deployedModelSchema, handleModelFile, readBaseFactored, readVersionFactored } from "@clickloop/api";
import { memberships, modelVersions, projects, type ModelMetrics } from "@clickloop/db";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { computeImageSide, decodeFactoredMask, decodeMask, type SessionWithRuntime } from "@clickloop/sam";
import { createNodeSession, minisamModelPaths } from "@clickloop/sam/node";
import { SamDecoder, selectBackend } from "@clickloop/sam-tf";
import { LocalStorage } from "@clickloop/storage";
import { publishBaseFactored, writeCandidateFactored } from "../src/models/factored";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const session = async (bytes: Uint8Array) => ({ session: await ort.InferenceSession.create(bytes), Tensor: ort.Tensor }) as unknown as SessionWithRuntime;
const stat = { mean: 0, std: 0 };
const metrics: ModelMetrics = { n: 0, byClicks: [], noc85: stat, noc90: stat };

describe("factored decoder files (worker start-up and training rounds)", () => {
  let root: string;
  let storage: LocalStorage;
  let t: TestDatabase;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "clickloop-factored-"));
    storage = new LocalStorage(root);
    t = await createTestDatabase();
    await selectBackend({ prefer: ["wasm"], log: () => undefined });
  });
  afterAll(async () => {
    await t.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  const noUser = async () => null;
  const serveBase = (request: Request, file: string) => handleModelFile(request, "base", file, noUser, { deps: { storage } });

  it("base: absent until published, then announced with both SHA-256s and served; the files reproduce sam.onnx", async () => {
    const before = await baseModelInfo(storage);
    expect(before.factored).toBeNull();
    expect((await serveBase(new Request("http://x/"), "image-side.onnx")).status).toBe(404);

    const pointer = await publishBaseFactored(storage);
    expect(await publishBaseFactored(storage)).toEqual(pointer); // deterministic: a second start writes the same files
    const base = deployedModelSchema.parse(await baseModelInfo(storage));
    expect(base.factored).toEqual({
      imageSide: { url: "/api/models/base/image-side.onnx", sha256: pointer.imageSide.sha256 },
      decoder: { url: "/api/models/base/decoder-factored.onnx", sha256: pointer.decoder.sha256 },
    });
    // a pointer exported from another sam.onnx is ignored
    expect(await readBaseFactored(storage, "0".repeat(64))).toBeNull();
    expect(await readBaseFactored(storage, base.sha256)).toEqual(pointer);

    const files: Record<string, Uint8Array> = {};
    for (const [file, entry] of [["image-side.onnx", pointer.imageSide], ["decoder-factored.onnx", pointer.decoder]] as const) {
      const response = await serveBase(new Request("http://x/"), file);
      expect(response.status).toBe(200);
      expect(response.headers.get("etag")).toBe(`"${entry.sha256}"`);
      files[file] = new Uint8Array(await response.arrayBuffer());
      expect(sha256(files[file]!)).toBe(entry.sha256);
      const cached = await serveBase(new Request("http://x/", { headers: { "if-none-match": `"${entry.sha256}"` } }), file);
      expect(cached.status).toBe(304);
    }
    expect((await serveBase(new Request("http://x/"), "other.onnx")).status).toBe(404);

    // the served files give sam.onnx's answer
    const embedding = { data: Float32Array.from({ length: 256 * 4096 }, (_, i) => Math.sin(i * 0.37) * 0.4), dims: [1, 256, 64, 64] as [number, number, number, number] };
    const size = { width: 400, height: 300 };
    const prompt = { clicks: [{ x: 200, y: 140, label: 1 as const }, { x: 90, y: 60, label: 0 as const }] };
    const side = await computeImageSide(await session(files["image-side.onnx"]!), embedding);
    const ours = await decodeFactoredMask(await session(files["decoder-factored.onnx"]!), side, prompt, size);
    const reference = await decodeMask(await createNodeSession(minisamModelPaths().decoder, { threads: 1 }), embedding, prompt, size);
    let max = 0;
    for (let i = 0; i < 65536; i++) max = Math.max(max, Math.abs(ours.lowRes[0]![i]! - reference.lowRes[0]![i]!));
    expect(max).toBeLessThan(1e-3);
    expect(Math.abs(ours.iou[0]! - reference.iou[0]!)).toBeLessThan(1e-4);
  });

  it("a trained version: written beside its decoder, announced by model.deployed, absent for versions without it", async () => {
    const [project] = await t.db.insert(projects).values({ name: "P", targetLabel: "lesion" }).returning();
    const decoderSha = "e".repeat(64);
    const [version] = await t.db
      .insert(modelVersions)
      .values({ projectId: project!.id, number: 1, status: "deployed", sha256: decoderSha, artifactKey: "k", weightsKey: "w", lambda: 0.9, mu: 1.1, metrics })
      .returning();
    expect((await deployedModelInfo(t.db, storage, project!.id)).factored).toBeNull();

    const candidate = new SamDecoder({ adapterRank: 8, seed: 3 });
    const weights = candidate.getTrainableWeights();
    candidate.dispose();
    const pointer = await writeCandidateFactored(storage, project!.id, decoderSha, { weights, lambda: 0.9, mu: 1.1 }, { adapterRank: 8, seed: 3 });
    expect(pointer.decoder.key.startsWith(`projects/${project!.id}/models/`)).toBe(true);
    expect(await readVersionFactored(storage, project!.id, decoderSha)).toEqual(pointer);
    expect(await readVersionFactored(storage, project!.id, "f".repeat(64))).toBeNull();

    const deployed = deployedModelSchema.parse(await deployedModelInfo(t.db, storage, project!.id));
    expect(deployed.factored).toEqual({
      imageSide: { url: `/api/models/${version!.id}/image-side.onnx`, sha256: pointer.imageSide.sha256 },
      decoder: { url: `/api/models/${version!.id}/decoder-factored.onnx`, sha256: pointer.decoder.sha256 },
    });
    // served to members of the project only, privately cached
    const member = await createPasswordUser(t.db, { email: "member@hospital.test", name: "Member", password: "correct horse battery" });
    const outsider = await createPasswordUser(t.db, { email: "outsider@hospital.test", name: "Outsider", password: "correct horse battery" });
    await t.db.insert(memberships).values({ projectId: project!.id, userId: member.id, role: "annotator" });
    // serving a file sends no job: a queue that refuses keeps the test off pg-boss
    const jobs = { send: async () => Promise.reject(new Error("serving a model file sends no job")) };
    const deps = { db: t.db, storage, jobs };
    const response = await handleModelFile(new Request("http://x/"), version!.id, "decoder-factored.onnx", async () => ({ id: member.id }), { deps });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("private");
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(pointer.decoder.sha256);
    expect((await handleModelFile(new Request("http://x/"), version!.id, "image-side.onnx", async () => ({ id: outsider.id }), { deps })).status).toBe(404);
  });
});
