import { QUEUES } from "@clickloop/api/jobs";
import { generateThumbnail } from "./thumbnail";
import type { JobHandlerMap } from "./types";

/**
 * Registration point for job handlers. To add one: write `./<name>.ts` exporting a
 * `JobHandler<"queue.name">` and list it here. (`image.embed` → ./embed.ts, owned by the
 * model-core work; `train.round`, `al.score` follow the same pattern.)
 */
export const jobHandlers: JobHandlerMap = {
  [QUEUES.thumbnail]: generateThumbnail,
};

export type { JobHandler, JobHandlerMap, WorkerContext } from "./types";
