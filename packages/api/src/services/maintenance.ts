// Periodic housekeeping the worker runs (start-up, then hourly): expired sessions and stale
// sign-in throttle rows are deleted, unreferenced mask files collected.
import type { Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import { purgeExpiredSessions, purgeThrottle } from "@clickloop/auth/core";
import { collectOrphanMasks } from "./storage-gc";

export interface MaintenanceReport {
  expiredSessions: number;
  throttleRows: number;
  maskFilesScanned: number;
  maskFilesDeleted: number;
}

export async function runMaintenance(deps: { db: Db; storage: Storage }): Promise<MaintenanceReport> {
  const expiredSessions = await purgeExpiredSessions(deps.db);
  const throttleRows = await purgeThrottle(deps.db);
  const masks = await collectOrphanMasks(deps);
  return { expiredSessions, throttleRows, maskFilesScanned: masks.scanned, maskFilesDeleted: masks.deleted };
}
