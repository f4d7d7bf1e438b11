import { projectProcedure, router } from "../trpc";
import { resolveQueueOrder } from "../services/queue-order";
import { scoringStatus } from "../services/scoring";

export const scoringRouter = router({
  /**
   * The queue order in force and the scoring generations behind it: the one served (`active`) and
   * the one being written (`running`, with its progress n of N), for the leads' image grid header.
   */
  status: projectProcedure("lead").query(async ({ ctx }) => {
    const order = await resolveQueueOrder(ctx.db, ctx.project);
    return { strategy: order.strategy, requested: order.requested, ...(await scoringStatus(ctx.db, ctx.project.id)) };
  }),
});
