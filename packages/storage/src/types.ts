import type { Readable } from "node:stream";

export interface StorageObjectInfo {
  key: string;
  size: number;
  lastModified: Date | null;
}

export interface PutOptions {
  contentType?: string;
}

/**
 * Blob store for originals, thumbnails, embeddings, masks, model weights.
 * Keys are relative, `/`-separated, made of [A-Za-z0-9._-] segments (see assertValidKey).
 * `put` is atomic: a reader sees either nothing or the whole object.
 */
export interface Storage {
  put(key: string, body: Uint8Array, options?: PutOptions): Promise<void>;
  /** Like `put`, from a stream (never held whole in memory); atomic as well. Returns the byte size. */
  putStream(key: string, body: Readable, options?: PutOptions): Promise<number>;
  /** Throws StorageNotFoundError when absent. */
  get(key: string): Promise<Buffer>;
  head(key: string): Promise<StorageObjectInfo | null>;
  /** No error when absent. */
  delete(key: string): Promise<void>;
  /** Objects whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<StorageObjectInfo[]>;
  /** Throws StorageNotFoundError when absent. */
  createReadStream(key: string): Promise<Readable>;
}

export class StorageNotFoundError extends Error {
  readonly code = "STORAGE_NOT_FOUND";
  constructor(readonly key: string) {
    super(`Storage object not found: ${key}`);
    this.name = "StorageNotFoundError";
  }
}

export class InvalidStorageKeyError extends Error {
  readonly code = "INVALID_STORAGE_KEY";
  constructor(readonly key: string) {
    super(`Invalid storage key: ${JSON.stringify(key)}`);
    this.name = "InvalidStorageKeyError";
  }
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Rejects absolute paths, `..`, empty segments, backslashes and anything outside the safe alphabet. */
export function assertValidKey(key: string): void {
  if (key.length === 0 || key.length > 512) throw new InvalidStorageKeyError(key);
  for (const segment of key.split("/")) {
    if (!SEGMENT.test(segment) || segment === "." || segment === "..") throw new InvalidStorageKeyError(key);
  }
}

/** Prefixes may end with "/" or be empty; otherwise the same rules as keys. */
export function assertValidPrefix(prefix: string): void {
  if (prefix === "") return;
  assertValidKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
}
