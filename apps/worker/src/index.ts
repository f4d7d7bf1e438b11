export { startWorker, type StartWorkerOptions, type RunningWorker } from "./worker";
export { jobHandlers, type JobHandler, type JobHandlerMap, type WorkerContext } from "./jobs/index";
export { generateThumbnail, THUMBNAIL_SIZE } from "./jobs/thumbnail";
export { spawnLongWorker, type LongWorkerProcess, type SpawnLongWorkerOptions } from "./long-worker";
export { runScoring, type ScoringOptions, type ScoringOutcome } from "./scoring/run";
export { publishBaseFactored, writeCandidateFactored } from "./models/factored";
