import { QUEUES } from "@clickloop/api/jobs";
import { embedImage } from "./embed";
import { exportJob } from "./export";
import { generateThumbnail } from "./thumbnail";
import { trainRoundJob } from "./train-round";
import type { JobHandlerMap } from "./types";

/**
 * Registration point for job handlers. To add one: write `./<name>.ts` exporting a
 * `JobHandler<"queue.name">` and list it here.
 */
export const jobHandlers: JobHandlerMap = {
  [QUEUES.thumbnail]: generateThumbnail,
  [QUEUES.trainRound]: trainRoundJob,
  [QUEUES.embed]: embedImage,
  [QUEUES.export]: exportJob,
};

export type { JobHandler, JobHandlerMap, WorkerContext } from "./types";
