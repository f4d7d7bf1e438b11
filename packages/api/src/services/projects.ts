import { count, eq } from "drizzle-orm";
import { images, memberships, projects, type Db, type Project, type ProjectRole } from "@clickloop/db";
import { recordAudit } from "./audit";

/** Helpers for command-line tools (seed, import), which have no tRPC caller. */
export async function findProjectByName(db: Db, name: string): Promise<Project | null> {
  const [row] = await db.select().from(projects).where(eq(projects.name, name)).limit(1);
  return row ?? null;
}

export async function countProjectImages(db: Db, projectId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(images).where(eq(images.projectId, projectId));
  return row?.n ?? 0;
}

export async function createProjectWithOwner(
  db: Db,
  input: { name: string; targetLabel: string; description?: string; ownerId: string | null; via: string },
): Promise<Project> {
  return db.transaction(async (tx) => {
    const [project] = await tx
      .insert(projects)
      .values({ name: input.name, targetLabel: input.targetLabel, description: input.description ?? "", createdBy: input.ownerId })
      .returning();
    if (!project) throw new Error("insert returned no row");
    if (input.ownerId) {
      await tx.insert(memberships).values({ projectId: project.id, userId: input.ownerId, role: "admin" satisfies ProjectRole });
    }
    await recordAudit(tx, {
      projectId: project.id,
      actorId: input.ownerId,
      action: "project.created",
      targetType: "project",
      targetId: project.id,
      data: { name: project.name, via: input.via },
    });
    return project;
  });
}
