// Which order the annotation queue serves a project's open images in (SPEC §5): the project's
// `queueStrategy` setting resolved against what exists — `auto` is `uncertainty` once a trained
// version is deployed and `diversity` before; an order needs a served scoring generation
// (`scoring_runs` status `active`), else the queue falls back to upload order.
import { sql, type SQL } from "drizzle-orm";
import { parseProjectSettings, type Db, type Project, type QueueStrategySetting } from "@clickloop/db";
import type { QueueStrategy } from "@clickloop/sam/active-learning";
import { getDeployedVersion } from "./model-versions";
import { activeGeneration } from "./scoring";

export type RankedStrategy = Exclude<QueueStrategy, "upload">;

export type QueueOrder =
  | { strategy: "upload"; requested: QueueStrategySetting; runId: null }
  | { strategy: RankedStrategy; requested: QueueStrategySetting; runId: string };

/** The rank column of `image_scores` each ranked strategy walks (each has its own index). */
export function rankColumn(strategy: RankedStrategy): SQL {
  switch (strategy) {
    case "uncertainty":
      return sql.raw("s.rank_uncertainty");
    case "diversity":
      return sql.raw("s.rank_diversity");
    case "random":
      return sql.raw("s.rank_random");
  }
}

export async function resolveQueueOrder(db: Db, project: Pick<Project, "id" | "settings">): Promise<QueueOrder> {
  const requested = parseProjectSettings(project.settings).queueStrategy;
  if (requested === "upload") return { strategy: "upload", requested, runId: null };
  const run = await activeGeneration(db, project.id);
  if (!run) return { strategy: "upload", requested, runId: null };
  let strategy: RankedStrategy = requested === "auto" ? ((await getDeployedVersion(db, project.id)) ? "uncertainty" : "diversity") : requested;
  // A cold-start generation (no prototype yet) has no uncertainty ranks: diversity stands in.
  if (strategy === "uncertainty" && run.prototypeCount === 0) strategy = "diversity";
  return { strategy, requested, runId: run.id };
}
