import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Storage } from "@clickloop/storage";
import { modelVersions, type ModelMetrics } from "@clickloop/db";
import type { TestDatabase } from "@clickloop/db/testing";
import { deployedModelInfo } from "../src/models/deployed";
import { createApiHarness, type ApiHarness } from "./helpers";
import { seedQueueProject } from "./queue-fixtures";

describe("model.deployed (the model annotations are made with)", () => {
  let h: ApiHarness;
  let t: TestDatabase;
  let storage: Storage;
  beforeAll(async () => {
    h = await createApiHarness();
    t = h.database;
    storage = h.deps.storage;
  });
  afterAll(async () => h?.cleanup());

  it("is the base MobileSAM decoder until a version is deployed, then that version", async () => {
    const { project } = await seedQueueProject(t.db, 0);
    const base = await deployedModelInfo(t.db, storage, project.id);
    expect(base.id).toBe("base");
    expect(base.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(base.decoderUrl).toBe("/api/models/base/decoder.onnx");
    expect(base.encoder.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(base.encoder.sha256).not.toBe(base.sha256);

    const stat = { mean: 0, std: 0 };
    const metrics: ModelMetrics = { n: 0, byClicks: [], noc85: stat, noc90: stat };
    const [version] = await t.db
      .insert(modelVersions)
      .values({ projectId: project.id, number: 1, status: "deployed", sha256: "b".repeat(64), artifactKey: "k", weightsKey: "w", lambda: 1, mu: 1, metrics })
      .returning();
    const deployed = await deployedModelInfo(t.db, storage, project.id);
    expect(deployed).toMatchObject({ id: version!.id, sha256: "b".repeat(64), decoderUrl: `/api/models/${version!.id}/decoder.onnx` });
    expect(deployed.encoder).toEqual(base.encoder);
    // A client that cannot load the version falls back to the base model.
    expect(deployed.fallback).toEqual({ ...base, fallback: undefined });
    expect(base.fallback).toBeNull();
    expect(base.multimask).toBeNull();
    expect(deployed.multimask).toBeNull();
  });

  it("exposes a trained version's multimask decoder with the SHA-256 of its bytes", async () => {
    const { project } = await seedQueueProject(t.db, 0);
    const bytes = new TextEncoder().encode("multimask decoder bytes");
    const key = `projects/${project.id}/models/${"c".repeat(64)}.multimask.onnx`;
    await storage.put(key, bytes);
    const stat = { mean: 0, std: 0 };
    const metrics: ModelMetrics = { n: 0, byClicks: [], noc85: stat, noc90: stat };
    const [version] = await t.db
      .insert(modelVersions)
      .values({ projectId: project.id, number: 1, status: "deployed", sha256: "c".repeat(64), artifactKey: "k", multimaskArtifactKey: key, weightsKey: "w", lambda: 1, mu: 1, metrics })
      .returning();
    const deployed = await deployedModelInfo(t.db, storage, project.id);
    expect(deployed.multimask).toEqual({
      url: `/api/models/${version!.id}/decoder-multimask.onnx`,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    // The base fallback has no multimask decoder (yet).
    expect(deployed.fallback?.multimask).toBeNull();

    // A version written by a training round carries the stored hash (no storage read).
    await t.db.update(modelVersions).set({ multimaskSha256: "d".repeat(64), multimaskArtifactKey: "missing" }).where(eq(modelVersions.id, version!.id));
    expect((await deployedModelInfo(t.db, storage, project.id)).multimask).toEqual({ url: `/api/models/${version!.id}/decoder-multimask.onnx`, sha256: "d".repeat(64) });
  });
});
