// Model versions of a project: the deployed one, the history, and the single place where the
// deployed version changes (publish, promote, roll back), always in one transaction so that
// readers see either the old or the new deployed version, never none or two.
import { and, desc, eq, max, ne, sql } from "drizzle-orm";
import { modelVersions, type Db, type ModelMetrics, type ModelVersion } from "@clickloop/db";
import { modelFileUrl } from "../models/identity";
import { recordAudit } from "./audit";
import { DomainError } from "../errors";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];


export async function getDeployedVersion(db: Db | Tx, projectId: string): Promise<ModelVersion | null> {
  const [row] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.status, "deployed")));
  return row ?? null;
}

export async function getVersion(db: Db | Tx, projectId: string, versionId: string): Promise<ModelVersion | null> {
  const [row] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.id, versionId)));
  return row ?? null;
}

/** Any project's version by id (the artifact route checks membership of its project). */
export async function findVersionById(db: Db, versionId: string): Promise<ModelVersion | null> {
  const [row] = await db.select().from(modelVersions).where(eq(modelVersions.id, versionId));
  return row ?? null;
}

export async function listVersions(db: Db, projectId: string): Promise<ModelVersion[]> {
  return db.select().from(modelVersions).where(eq(modelVersions.projectId, projectId)).orderBy(desc(modelVersions.number));
}

/** Retires whatever is deployed (the partial unique index allows one deployed row per project). */
async function retireDeployed(tx: Tx, projectId: string, except?: string): Promise<ModelVersion | null> {
  const conditions = [eq(modelVersions.projectId, projectId), eq(modelVersions.status, "deployed")];
  if (except) conditions.push(ne(modelVersions.id, except));
  const [retired] = await tx.update(modelVersions).set({ status: "retired" }).where(and(...conditions)).returning();
  return retired ?? null;
}

export interface NewVersionInput {
  projectId: string;
  trainingRunId: string | null;
  /** deployed: publish now (the previous deployed version is retired); rejected: kept for the record. */
  status: "deployed" | "rejected";
  sha256: string;
  artifactKey: string;
  multimaskArtifactKey: string | null;
  /** SHA-256 of the multimask decoder (exposed by model.deployed for the browser's check). */
  multimaskSha256?: string | null;
  weightsKey: string;
  lambda: number;
  mu: number;
  metrics: ModelMetrics;
  baselineMetrics: ModelMetrics | null;
}

/**
 * Records a trained candidate. Its artifacts must already be in storage (the row is what makes
 * them visible). Numbers are allocated under a per-project advisory lock.
 */
export async function insertVersion(tx: Tx, input: NewVersionInput): Promise<ModelVersion> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`model_versions:${input.projectId}`}))`);
  const [{ last } = { last: null }] = await tx
    .select({ last: max(modelVersions.number) })
    .from(modelVersions)
    .where(eq(modelVersions.projectId, input.projectId));
  if (input.status === "deployed") await retireDeployed(tx, input.projectId);
  const now = new Date();
  const [row] = await tx
    .insert(modelVersions)
    .values({ ...input, number: (last ?? 0) + 1, createdAt: now, deployedAt: input.status === "deployed" ? now : null })
    .returning();
  if (!row) throw new Error("model version insert returned nothing");
  return row;
}

/** Makes `versionId` the deployed version of its project (admin override of the publish rule). */
export async function promoteVersion(db: Db, projectId: string, versionId: string, actorId: string): Promise<ModelVersion> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`model_versions:${projectId}`}))`);
    const target = await getVersion(tx, projectId, versionId);
    if (!target) throw new DomainError("NOT_FOUND", "Model version not found.");
    if (target.status === "deployed") return target;
    const previous = await retireDeployed(tx, projectId);
    const [row] = await tx
      .update(modelVersions)
      .set({ status: "deployed", deployedAt: new Date() })
      .where(eq(modelVersions.id, versionId))
      .returning();
    await recordAudit(tx, {
      projectId,
      actorId,
      action: "model.promote",
      targetType: "model_version",
      targetId: versionId,
      data: { number: target.number, previous: previous?.number ?? 0 },
    });
    return row as ModelVersion;
  });
}

/**
 * Rolls back to the version deployed before the current one (the most recently deployed retired
 * version), or to the base model when there is none. Returns the newly deployed version (null = base).
 */
export async function rollbackVersion(db: Db, projectId: string, actorId: string): Promise<ModelVersion | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`model_versions:${projectId}`}))`);
    const current = await getDeployedVersion(tx, projectId);
    if (!current) throw new DomainError("BAD_REQUEST", "The base model is deployed: there is nothing to roll back.");
    const [previous] = await tx
      .select()
      .from(modelVersions)
      .where(and(eq(modelVersions.projectId, projectId), eq(modelVersions.status, "retired"), sql`${modelVersions.deployedAt} is not null`))
      .orderBy(desc(modelVersions.deployedAt))
      .limit(1);
    await retireDeployed(tx, projectId);
    // The rolled-back version is no candidate for the next rollback: forget when it was deployed.
    await tx.update(modelVersions).set({ deployedAt: null }).where(eq(modelVersions.id, current.id));
    let restored: ModelVersion | null = null;
    if (previous) {
      [restored = null] = await tx
        .update(modelVersions)
        .set({ status: "deployed", deployedAt: new Date() })
        .where(eq(modelVersions.id, previous.id))
        .returning();
    }
    await recordAudit(tx, {
      projectId,
      actorId,
      action: "model.rollback",
      targetType: "model_version",
      targetId: current.id,
      data: { from: current.number, to: restored?.number ?? 0 },
    });
    return restored;
  });
}

/** What the Model page shows of a version. */
export interface ModelVersionView {
  id: string;
  number: number;
  status: ModelVersion["status"];
  sha256: string;
  decoderUrl: string;
  lambda: number;
  mu: number;
  metrics: ModelMetrics;
  baselineMetrics: ModelMetrics | null;
  trainingRunId: string | null;
  createdAt: Date;
  deployedAt: Date | null;
}

export function toVersionView(v: ModelVersion): ModelVersionView {
  return {
    id: v.id,
    number: v.number,
    status: v.status,
    sha256: v.sha256,
    decoderUrl: modelFileUrl(v.id, "decoder.onnx"),
    lambda: v.lambda,
    mu: v.mu,
    metrics: v.metrics,
    baselineMetrics: v.baselineMetrics ?? null,
    trainingRunId: v.trainingRunId,
    createdAt: v.createdAt,
    deployedAt: v.deployedAt,
  };
}
