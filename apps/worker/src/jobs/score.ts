import { z } from "zod";
import { runScoring } from "../scoring/run";
import type { JobHandler } from "./types";

const envSchema = z.object({ SCORE_THREADS: z.coerce.number().int().min(1).max(64).optional() });

/**
 * `al.score {projectId}`: re-scores the project's open images after a deployment, scores newly
 * embedded ones (`scoring/run.ts`). A failure throws so pg-boss retries; the retry (or the next
 * al.score) resumes the half-written generation, which is never served meanwhile.
 */
export const scoreProjectJob: JobHandler<"al.score"> = async ({ projectId }, ctx) => {
  const { SCORE_THREADS } = envSchema.parse(process.env);
  await runScoring(projectId, ctx, { threads: SCORE_THREADS });
};
