// The lead's dashboard, from the real annotation records: per model version the validation
// figures (Dice after 1/3/5 simulated clicks, NoC@90) next to what annotators actually needed
// with it (median clicks per accepted mask, median seconds, rejection rate); throughput per day
// and annotator; the review backlog and the images by status.
import { asc, eq, inArray } from "drizzle-orm";
import { annotationRevisions, annotations, modelVersions, users, type Db, type ModelMetrics } from "@clickloop/db";
import { countsFor, imageCountsByProject, type StatusCounts } from "../counts";
import { reviewBacklog } from "../review/detail";
import { dayOf, median } from "./stats";

export interface ModelRow {
  /** "base" or the version id. */
  id: string;
  label: string;
  number: number;
  status: string;
  validation: { n: number; dice1: number | null; dice3: number | null; dice5: number | null; noc90: number | null } | null;
  work: {
    submissions: number;
    accepted: number;
    rejected: number;
    medianClicksAccepted: number | null;
    medianSeconds: number | null;
    rejectionRate: number | null;
    /** Share of pre-annotations accepted without a change; null until pre-annotation exists. */
    preAnnotationAcceptedUnchanged: number | null;
  };
}

export interface DashboardSummary {
  progress: StatusCounts;
  backlog: number;
  models: ModelRow[];
  throughput: { day: string; annotator: string; submitted: number; accepted: number }[];
  annotators: { id: string | null; name: string; submitted: number; accepted: number; rejected: number; medianSeconds: number | null }[];
  totals: { submitted: number; accepted: number; rejected: number };
}

function validationOf(metrics: ModelMetrics | null | undefined): ModelRow["validation"] {
  if (!metrics) return null;
  const dice = (k: number) => metrics.byClicks.find((b) => b.clicks === k)?.dice.mean ?? null;
  return { n: metrics.n, dice1: dice(1), dice3: dice(3), dice5: dice(5), noc90: metrics.noc90.mean };
}

interface WorkRecord {
  modelVersionId: string | null;
  authorId: string | null;
  clickCount: number;
  timeSpentMs: number;
  outcome: "pending" | "accepted" | "rejected";
  submittedAt: Date;
  decidedAt: Date | null;
}

/** Human submissions: every revision, plus annotations submitted before revisions were recorded. */
async function workRecords(db: Db, projectId: string): Promise<WorkRecord[]> {
  const revisions = await db.select().from(annotationRevisions).where(eq(annotationRevisions.projectId, projectId)).orderBy(asc(annotationRevisions.createdAt));
  const withHistory = new Set(revisions.map((r) => r.annotationId));
  const records: WorkRecord[] = revisions
    .filter((r) => r.kind === "submission")
    .map((r) => ({ modelVersionId: r.modelVersionId, authorId: r.authorId, clickCount: r.clickCount, timeSpentMs: r.timeSpentMs, outcome: r.outcome, submittedAt: r.createdAt, decidedAt: r.reviewedAt }));
  const legacy = await db.select().from(annotations).where(eq(annotations.projectId, projectId));
  for (const a of legacy) {
    if (withHistory.has(a.id) || a.source !== "human" || !a.submittedAt || !["submitted", "accepted", "rejected"].includes(a.status)) continue;
    const outcome = a.status === "submitted" ? "pending" : (a.status as "accepted" | "rejected");
    records.push({ modelVersionId: a.modelVersionId, authorId: a.annotatorId, clickCount: a.clickCount, timeSpentMs: a.timeSpentMs, outcome, submittedAt: a.submittedAt, decidedAt: outcome === "pending" ? null : a.updatedAt });
  }
  return records;
}

function workOf(records: WorkRecord[]): ModelRow["work"] {
  const accepted = records.filter((r) => r.outcome === "accepted");
  const rejected = records.filter((r) => r.outcome === "rejected").length;
  const decided = accepted.length + rejected;
  return {
    submissions: records.length,
    accepted: accepted.length,
    rejected,
    medianClicksAccepted: median(accepted.map((r) => r.clickCount)),
    medianSeconds: median(records.map((r) => r.timeSpentMs / 1000)),
    rejectionRate: decided > 0 ? rejected / decided : null,
    preAnnotationAcceptedUnchanged: null,
  };
}

export async function dashboardSummary(db: Db, projectId: string): Promise<DashboardSummary> {
  const [counts, versions, records, backlog] = await Promise.all([
    imageCountsByProject(db, [projectId]),
    db.select().from(modelVersions).where(eq(modelVersions.projectId, projectId)).orderBy(asc(modelVersions.number)),
    workRecords(db, projectId),
    reviewBacklog(db, projectId),
  ]);
  const authorIds = [...new Set(records.map((r) => r.authorId).filter((id): id is string => !!id))];
  const members = authorIds.length ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, authorIds)) : [];
  const nameOf = new Map(members.map((u) => [u.id, u.name ?? u.email ?? "Unknown"]));
  const progress = countsFor(counts, projectId);

  const byModel = new Map<string, WorkRecord[]>();
  for (const r of records) {
    const key = r.modelVersionId ?? "base";
    byModel.set(key, [...(byModel.get(key) ?? []), r]);
  }
  const models: ModelRow[] = [
    { id: "base", label: "Base MobileSAM", number: 0, status: versions.some((v) => v.status === "deployed") ? "retired" : "deployed", validation: validationOf(versions[0]?.baselineMetrics), work: workOf(byModel.get("base") ?? []) },
    ...versions.map((v) => ({ id: v.id, label: `Version ${v.number}`, number: v.number, status: v.status, validation: validationOf(v.metrics), work: workOf(byModel.get(v.id) ?? []) })),
  ];

  const perDay = new Map<string, { day: string; annotator: string; submitted: number; accepted: number }>();
  const bump = (day: string, annotator: string, field: "submitted" | "accepted") => {
    const key = `${day}|${annotator}`;
    const row = perDay.get(key) ?? { day, annotator, submitted: 0, accepted: 0 };
    row[field]++;
    perDay.set(key, row);
  };
  const perAnnotator = new Map<string, { id: string | null; name: string; submitted: number; accepted: number; rejected: number; seconds: number[] }>();
  for (const r of records) {
    const name = r.authorId ? (nameOf.get(r.authorId) ?? "Former member") : "Unknown";
    bump(dayOf(r.submittedAt), name, "submitted");
    if (r.outcome === "accepted") bump(dayOf(r.decidedAt ?? r.submittedAt), name, "accepted");
    const a = perAnnotator.get(name) ?? { id: r.authorId, name, submitted: 0, accepted: 0, rejected: 0, seconds: [] };
    a.submitted++;
    if (r.outcome === "accepted") a.accepted++;
    if (r.outcome === "rejected") a.rejected++;
    a.seconds.push(r.timeSpentMs / 1000);
    perAnnotator.set(name, a);
  }
  return {
    progress,
    backlog,
    models,
    throughput: [...perDay.values()].sort((a, b) => (a.day === b.day ? a.annotator.localeCompare(b.annotator) : a.day.localeCompare(b.day))),
    annotators: [...perAnnotator.values()].map(({ seconds, ...a }) => ({ ...a, medianSeconds: median(seconds) })).sort((a, b) => b.submitted - a.submitted),
    totals: {
      submitted: records.length,
      accepted: records.filter((r) => r.outcome === "accepted").length,
      rejected: records.filter((r) => r.outcome === "rejected").length,
    },
  };
}
