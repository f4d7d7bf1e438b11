import { getDb, type Db } from "@clickloop/db";
import { getStorage, type Storage } from "@clickloop/storage";
import { getJobQueue, type JobQueue } from "./jobs";

export interface ApiConfig {
  /** Public base URL used in invitation links, e.g. "https://clickloop.example.org". */
  appUrl: string | null;
  /** Invitation lifetime. */
  invitationTtlMs: number;
  /** When set (SETUP_TOKEN), creating the first account requires it. */
  setupToken: string | null;
}

/** Everything the API touches outside itself; injected in tests, process singletons in the app. */
export interface ApiDeps {
  db: Db;
  storage: Storage;
  jobs: JobQueue;
  config: ApiConfig;
}

export function defaultApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  return {
    appUrl: env.APP_URL ?? env.AUTH_URL ?? null,
    invitationTtlMs: 7 * 24 * 3600 * 1000,
    setupToken: env.SETUP_TOKEN?.trim() || null,
  };
}

export function resolveApiDeps(overrides: Partial<ApiDeps> = {}): ApiDeps {
  return {
    db: overrides.db ?? getDb(),
    storage: overrides.storage ?? getStorage(),
    jobs: overrides.jobs ?? getJobQueue(),
    config: overrides.config ?? defaultApiConfig(),
  };
}
