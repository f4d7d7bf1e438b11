import { auditEvents, type Db } from "@clickloop/db";

type Executor = Pick<Db, "insert">;

export interface AuditInput {
  projectId?: string | null;
  actorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
}

/** Appends one event; pass the transaction so the event commits with the change it describes. */
export async function recordAudit(db: Executor, event: AuditInput): Promise<void> {
  await db.insert(auditEvents).values({
    projectId: event.projectId ?? null,
    actorId: event.actorId ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    data: event.data ?? {},
  });
}
