import { projectProcedure, router } from "../trpc";
import { dashboardSummary } from "../services/dashboard/summary";

export const dashboardRouter = router({
  /** Accuracy and effort per model version, throughput, backlog and progress (leads). */
  summary: projectProcedure("lead").query(({ ctx }) => dashboardSummary(ctx.db, ctx.project.id)),
});
