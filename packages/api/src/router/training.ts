import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { parseProjectSettings } from "@clickloop/db";
import { enqueueScoring } from "../services/scoring";
import { projectProcedure, router } from "../trpc";
import { listVersions, promoteVersion, rollbackVersion, toVersionView } from "../services/model-versions";
import { autoRoundThreshold, cancelTrainingRound, countAcceptedAnnotations, getActiveRun, getRun, latestRun, listRuns, startTrainingRound } from "../services/training";

export const trainingRouter = router({
  /** Queues a round now (the button); returns the active round instead when one is queued or running. */
  start: projectProcedure("admin").mutation(({ ctx }) =>
    startTrainingRound(ctx, { projectId: ctx.project.id, trigger: "manual", requestedBy: ctx.user.id }),
  ),

  cancel: projectProcedure("admin").mutation(({ ctx }) => cancelTrainingRound(ctx.db, ctx.project.id, ctx.user.id)),

  /** Polled by the Model page: the active (or given) round with its live progress, and the trigger's state. */
  status: projectProcedure("lead")
    .input(z.object({ runId: z.uuid().optional() }))
    .query(async ({ ctx, input }) => {
      const run = input.runId ? await getRun(ctx.db, ctx.project.id, input.runId) : ((await getActiveRun(ctx.db, ctx.project.id)) ?? (await latestRun(ctx.db, ctx.project.id)));
      if (input.runId && !run) throw new TRPCError({ code: "NOT_FOUND", message: "Training round not found." });
      const [accepted, last] = await Promise.all([countAcceptedAnnotations(ctx.db, ctx.project.id), latestRun(ctx.db, ctx.project.id)]);
      const { autoTrainThreshold } = parseProjectSettings(ctx.project.settings);
      return {
        run,
        acceptedCount: accepted,
        acceptedSinceLastRound: accepted - (last?.acceptedCount ?? 0),
        autoTrainThreshold,
        /** Masks since the last round that start the next one (lower before the first round). */
        nextRoundThreshold: autoRoundThreshold(autoTrainThreshold, last !== null),
      };
    }),

  list: projectProcedure("lead")
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listRuns(ctx.db, ctx.project.id, input.limit)),
});

/** `model.versions / promote / rollback`, spread into the model router next to `deployed`. */
export const modelVersionProcedures = {
  /** Every trained version, newest first, with validation metrics; version 0 is the base model. */
  versions: projectProcedure("lead").query(async ({ ctx }) => {
    const versions = (await listVersions(ctx.db, ctx.project.id)).map(toVersionView);
    const deployed = versions.find((v) => v.status === "deployed") ?? null;
    // The base model's figures: measured by the first round, on that round's validation images.
    const first = versions.at(-1);
    return { versions, deployedId: deployed?.id ?? "base", base: { number: 0, metrics: first?.baselineMetrics ?? null } };
  }),

  promote: projectProcedure("admin")
    .input(z.object({ versionId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const promoted = await promoteVersion(ctx.db, ctx.project.id, input.versionId, ctx.user.id);
      await enqueueScoring(ctx.jobs, ctx.project.id); // re-score under the new model
      return toVersionView(promoted);
    }),

  /** Back to the previously deployed version (or the base model). Returns the deployed version, null = base. */
  rollback: projectProcedure("admin").mutation(async ({ ctx }) => {
    const restored = await rollbackVersion(ctx.db, ctx.project.id, ctx.user.id);
    await enqueueScoring(ctx.jobs, ctx.project.id);
    return restored ? toVersionView(restored) : null;
  }),
};
