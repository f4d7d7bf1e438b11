import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, trainingRuns, type ModelMetrics } from "@clickloop/db";
import { modelStorageKeys } from "../src/models/identity";
import { handleModelFile } from "../src/models/serve";
import { insertVersion } from "../src/services/model-versions";
import { codeOf, createApiHarness, type ApiHarness } from "./helpers";

function metrics(iou3: number, noc90: number): ModelMetrics {
  const stat = (mean: number) => ({ mean, std: 0 });
  return {
    n: 4,
    byClicks: [1, 2, 3].map((clicks) => ({ clicks, dice: stat(iou3 + 0.05), iou: stat(iou3), hd95: stat(12) })),
    noc85: stat(noc90 - 1),
    noc90: stat(noc90),
  };
}

describe("training rounds and model versions (API)", () => {
  let h: ApiHarness;
  let ids: { lead: string; admin: string; outsider: string };
  let projectId: string;

  beforeAll(async () => {
    h = await createApiHarness();
    ids = {
      lead: (await h.createUser("lead@example.com")).id,
      admin: (await h.createUser("admin@example.com")).id,
      outsider: (await h.createUser("out@example.com")).id,
    };
    projectId = await h.createProject("T", { [ids.lead]: "lead", [ids.admin]: "admin" });
  });
  afterAll(async () => h?.cleanup());

  /** A version whose decoder file is really in storage, as a round writes it. */
  async function storedVersion(status: "deployed" | "rejected", seed: string) {
    const bytes = new TextEncoder().encode(`decoder ${seed}`);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const artifactKey = modelStorageKeys.decoder(projectId, sha256);
    await h.deps.storage.put(artifactKey, bytes);
    const version = await h.deps.db.transaction((tx) =>
      insertVersion(tx, {
        projectId,
        trainingRunId: null,
        status,
        sha256,
        artifactKey,
        multimaskArtifactKey: null,
        weightsKey: modelStorageKeys.weights(projectId, sha256),
        lambda: 0.9,
        mu: 1.1,
        metrics: metrics(0.7, 4),
        baselineMetrics: metrics(0.6, 5),
      }),
    );
    return { version, bytes };
  }

  it("training.start queues one round per project; a second start returns it; cancel frees the slot", async () => {
    const admin = await h.callerFor(ids.admin);
    const first = await admin.training.start({ projectId });
    expect(first).toMatchObject({ created: true, run: { status: "queued", trigger: "manual", requestedBy: ids.admin } });
    const again = await admin.training.start({ projectId });
    expect(again).toMatchObject({ created: false, run: { id: first.run.id } });
    expect(h.jobs.sent.filter((j) => j.name === "train.round")).toEqual([{ name: "train.round", payload: { projectId, runId: first.run.id } }]);

    const lead = await h.callerFor(ids.lead);
    expect((await lead.training.status({ projectId })).run?.id).toBe(first.run.id);
    expect(await codeOf(lead.training.start({ projectId }))).toBe("FORBIDDEN");

    expect(await admin.training.cancel({ projectId })).toMatchObject({ id: first.run.id, status: "cancelled" });
    const third = await admin.training.start({ projectId });
    expect(third.created).toBe(true);
    expect((await lead.training.list({ projectId })).map((r) => r.status)).toEqual(["queued", "cancelled"]);
    await h.deps.db.update(trainingRuns).set({ status: "succeeded" }).where(eq(trainingRuns.id, third.run.id));
  });

  it("training.status reports the live progress of a run", async () => {
    const admin = await h.callerFor(ids.admin);
    const { run } = await admin.training.start({ projectId });
    const progress = { step: 3, totalSteps: 10, loss: 1.25, lambda: 0.9, mu: 1.1, elapsedMs: 3000, etaMs: 7000, phase: "training" };
    await h.deps.db.update(trainingRuns).set({ status: "running", progress, lossCurve: [2, 1.5, 1.25] }).where(eq(trainingRuns.id, run.id));
    const status = await (await h.callerFor(ids.lead)).training.status({ projectId });
    expect(status.run).toMatchObject({ id: run.id, status: "running", progress, lossCurve: [2, 1.5, 1.25] });
    expect(status).toMatchObject({ acceptedCount: 0, acceptedSinceLastRound: 0, autoTrainThreshold: 20 });
    await h.deps.db.update(trainingRuns).set({ status: "failed" }).where(eq(trainingRuns.id, run.id));
  });

  it("model.deployed follows publish, promote and rollback; versions list them with metrics", async () => {
    const lead = await h.callerFor(ids.lead);
    const admin = await h.callerFor(ids.admin);
    expect((await lead.model.deployed({ projectId })).id).toBe("base");

    const v1 = await storedVersion("deployed", "1");
    const v2 = await storedVersion("deployed", "2");
    const v3 = await storedVersion("rejected", "3");
    expect([v1.version.number, v2.version.number, v3.version.number]).toEqual([1, 2, 3]);

    const listed = await lead.model.versions({ projectId });
    expect(listed.versions.map((v) => [v.number, v.status])).toEqual([
      [3, "rejected"],
      [2, "deployed"],
      [1, "retired"],
    ]);
    expect(listed.deployedId).toBe(v2.version.id);
    expect(listed.base.metrics).toEqual(metrics(0.6, 5)); // the first round's baseline = the base model
    expect(listed.versions[1]).toMatchObject({ sha256: v2.version.sha256, decoderUrl: `/api/models/${v2.version.id}/decoder.onnx`, metrics: metrics(0.7, 4) });

    const deployed = await lead.model.deployed({ projectId });
    expect(deployed).toMatchObject({ id: v2.version.id, sha256: v2.version.sha256, decoderUrl: `/api/models/${v2.version.id}/decoder.onnx` });

    expect(await codeOf(lead.model.promote({ projectId, versionId: v3.version.id }))).toBe("FORBIDDEN");
    expect(await admin.model.promote({ projectId, versionId: v3.version.id })).toMatchObject({ id: v3.version.id, status: "deployed" });
    expect((await lead.model.deployed({ projectId })).id).toBe(v3.version.id);

    // Rollbacks walk back through what was deployed before: v3 → v2 → v1 → base.
    expect((await admin.model.rollback({ projectId }))?.id).toBe(v2.version.id);
    expect((await admin.model.rollback({ projectId }))?.id).toBe(v1.version.id);
    expect(await admin.model.rollback({ projectId })).toBeNull();
    expect((await lead.model.deployed({ projectId })).id).toBe("base");
    expect(await codeOf(admin.model.rollback({ projectId }))).toBe("BAD_REQUEST");
    // Every change of the deployed model re-scores the queue (docs/method.md §5).
    expect(h.jobs.sent.filter((j) => j.name === "al.score")).toHaveLength(4);
    const actions = (await h.deps.db.select().from(auditEvents).where(eq(auditEvents.projectId, projectId))).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith("model."))).toEqual(["model.promote", "model.rollback", "model.rollback", "model.rollback"]);
  });

  it("serves a version's decoder to members only, immutable, with the SHA-256 as ETag", async () => {
    const { version, bytes } = await storedVersion("rejected", "artifact");
    const url = `http://clickloop.test/api/models/${version.id}/decoder.onnx`;
    const ok = await handleModelFile(new Request(url), version.id, "decoder.onnx", async () => ({ id: ids.lead }), { deps: h.deps });
    expect(ok.status).toBe(200);
    expect(new Uint8Array(await ok.arrayBuffer())).toEqual(bytes);
    expect(ok.headers.get("etag")).toBe(`"${version.sha256}"`);
    expect(ok.headers.get("cache-control")).toContain("immutable");

    const revalidated = await handleModelFile(new Request(url, { headers: { "if-none-match": `"${version.sha256}"` } }), version.id, "decoder.onnx", async () => ({ id: ids.lead }), { deps: h.deps });
    expect(revalidated.status).toBe(304);
    const outsider = await handleModelFile(new Request(url), version.id, "decoder.onnx", async () => ({ id: ids.outsider }), { deps: h.deps });
    expect(outsider.status).toBe(404);
    expect((await handleModelFile(new Request(url), version.id, "decoder.onnx", async () => null, { deps: h.deps })).status).toBe(401);
    expect((await handleModelFile(new Request(url), version.id, "weights.bin", async () => ({ id: ids.lead }), { deps: h.deps })).status).toBe(404);
  });
});
