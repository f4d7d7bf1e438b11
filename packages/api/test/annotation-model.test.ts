import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelVersions, type ModelMetrics } from "@clickloop/db";
import { createTestDatabase, type TestDatabase } from "@clickloop/db/testing";
import { deployedModelInfo } from "../src/router/model";
import { seedQueueProject } from "./queue-fixtures";

describe("model.deployed (the model annotations are made with)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("is the base MobileSAM decoder until a version is deployed, then that version", async () => {
    const { project } = await seedQueueProject(t.db, 0);
    const base = await deployedModelInfo(t.db, project.id);
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
    const deployed = await deployedModelInfo(t.db, project.id);
    expect(deployed).toMatchObject({ id: version!.id, sha256: "b".repeat(64), decoderUrl: `/api/models/${version!.id}/decoder.onnx` });
    expect(deployed.encoder).toEqual(base.encoder);
    // A client that cannot load the version falls back to the base model.
    expect(deployed.fallback).toEqual({ ...base, fallback: undefined });
    expect(base.fallback).toBeNull();
  });
});
