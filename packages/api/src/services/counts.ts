import { inArray, sql } from "drizzle-orm";
import { images, imageStatusEnum, type Db, type ImageStatus } from "@clickloop/db";

export type StatusCounts = Record<ImageStatus, number> & { total: number };

function emptyCounts(): StatusCounts {
  const counts = { total: 0 } as StatusCounts;
  for (const status of imageStatusEnum.enumValues) counts[status] = 0;
  return counts;
}

/** Image counts by status for each project id (zeros for projects without images). */
export async function imageCountsByProject(db: Db, projectIds: string[]): Promise<Map<string, StatusCounts>> {
  const result = new Map<string, StatusCounts>(projectIds.map((id) => [id, emptyCounts()]));
  if (projectIds.length === 0) return result;
  const rows = await db
    .select({ projectId: images.projectId, status: images.status, n: sql<number>`count(*)::int` })
    .from(images)
    .where(inArray(images.projectId, projectIds))
    .groupBy(images.projectId, images.status);
  for (const row of rows) {
    const counts = result.get(row.projectId);
    if (!counts) continue;
    counts[row.status] = row.n;
    counts.total += row.n;
  }
  return result;
}

export function countsFor(counts: Map<string, StatusCounts>, projectId: string): StatusCounts {
  return counts.get(projectId) ?? emptyCounts();
}
