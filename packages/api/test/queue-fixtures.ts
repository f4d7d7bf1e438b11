// Test rows for queue and annotation tests: one project, annotators, images in upload order.
import { images, memberships, projects, users, type Db } from "@clickloop/db";

export async function seedQueueProject(db: Db, imageCount: number) {
  const [alice, bob] = await db
    .insert(users)
    .values([
      { email: `alice-${crypto.randomUUID()}@example.com`, name: "Alice" },
      { email: `bob-${crypto.randomUUID()}@example.com`, name: "Bob" },
    ])
    .returning();
  const [project] = await db.insert(projects).values({ name: "Queue", targetLabel: "lesion" }).returning();
  await db.insert(memberships).values([
    { projectId: project!.id, userId: alice!.id, role: "annotator" },
    { projectId: project!.id, userId: bob!.id, role: "annotator" },
  ]);
  const base = Date.UTC(2026, 0, 1);
  if (imageCount === 0) return { alice: alice!, bob: bob!, project: project!, images: [] };
  const rows = await db
    .insert(images)
    .values(
      Array.from({ length: imageCount }, (_, i) => ({
        projectId: project!.id,
        sha256: `sha-${i}-${crypto.randomUUID()}`,
        storageKey: `k${i}`,
        width: 8,
        height: 6,
        mime: "image/png",
        byteSize: 1,
        originalName: `img-${i}.png`,
        createdAt: new Date(base + i * 1000),
      })),
    )
    .returning();
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return { alice: alice!, bob: bob!, project: project!, images: rows };
}
