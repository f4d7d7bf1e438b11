import path from "node:path";
import { z } from "zod";
import { LocalStorage } from "./local";
import { S3Storage } from "./s3";
import type { Storage } from "./types";

const storageEnvSchema = z.discriminatedUnion("STORAGE_DRIVER", [
  z.object({
    STORAGE_DRIVER: z.literal("local"),
    STORAGE_DIR: z.string().min(1).default(".data/storage"),
  }),
  z.object({
    STORAGE_DRIVER: z.literal("s3"),
    S3_BUCKET: z.string().min(1),
    S3_PREFIX: z.string().default(""),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_ENDPOINT: z.url().optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false"),
  }),
]);

/** `STORAGE_DRIVER=local` (default; `STORAGE_DIR`, default `.data/storage`) or `s3` (`S3_*`). */
export function createStorageFromEnv(env: Record<string, string | undefined> = process.env): Storage {
  const parsed = storageEnvSchema.parse({ ...env, STORAGE_DRIVER: env.STORAGE_DRIVER ?? "local" });
  if (parsed.STORAGE_DRIVER === "local") return new LocalStorage(path.resolve(parsed.STORAGE_DIR));
  const credentials =
    parsed.S3_ACCESS_KEY_ID && parsed.S3_SECRET_ACCESS_KEY
      ? { accessKeyId: parsed.S3_ACCESS_KEY_ID, secretAccessKey: parsed.S3_SECRET_ACCESS_KEY }
      : undefined;
  return new S3Storage({
    bucket: parsed.S3_BUCKET,
    prefix: parsed.S3_PREFIX,
    clientConfig: {
      region: parsed.S3_REGION,
      endpoint: parsed.S3_ENDPOINT,
      credentials,
      forcePathStyle: parsed.S3_FORCE_PATH_STYLE === "true",
    },
  });
}

type StorageGlobal = typeof globalThis & { __clickloopStorage?: Storage };

/** Process-wide instance from the environment. */
export function getStorage(): Storage {
  const g = globalThis as StorageGlobal;
  g.__clickloopStorage ??= createStorageFromEnv();
  return g.__clickloopStorage;
}
