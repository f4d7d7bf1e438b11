export { startWorker, type StartWorkerOptions, type RunningWorker } from "./worker";
export { jobHandlers, type JobHandler, type JobHandlerMap, type WorkerContext } from "./jobs/index";
export { generateThumbnail, THUMBNAIL_SIZE } from "./jobs/thumbnail";
export { publishBaseFactored, writeCandidateFactored } from "./models/factored";
