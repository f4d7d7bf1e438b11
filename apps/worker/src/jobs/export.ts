import { processExport } from "@clickloop/api";
import type { JobHandler } from "./types";

/** Writes one export's zip into storage (idempotent: a finished export is left alone). */
export const exportJob: JobHandler<"export.run"> = async ({ exportId }, ctx) => {
  await processExport({ db: ctx.db, storage: ctx.storage }, exportId, ctx.log);
};
