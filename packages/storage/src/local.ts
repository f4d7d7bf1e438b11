import fs from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import type { PutOptions } from "./types";
import {
  assertValidKey,
  assertValidPrefix,
  InvalidStorageKeyError,
  StorageNotFoundError,
  type Storage,
  type StorageObjectInfo,
} from "./types";

const TMP_DIR = ".tmp";

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Files under a root folder. Writes go to `<root>/.tmp` first, then are renamed into place. */
export class LocalStorage implements Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private resolve(key: string): string {
    assertValidKey(key);
    const full = path.resolve(this.root, key);
    // Defence in depth: the key grammar already forbids this.
    if (!full.startsWith(this.root + path.sep)) throw new InvalidStorageKeyError(key);
    return full;
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    const target = this.resolve(key);
    const tmpDir = path.join(this.root, TMP_DIR);
    await fs.mkdir(tmpDir, { recursive: true });
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(tmpDir, `${randomBytes(8).toString("hex")}.part`);
    try {
      await fs.writeFile(tmp, body);
      await fs.rename(tmp, target);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
  }

  async putStream(key: string, body: Readable, _options?: PutOptions): Promise<number> {
    const target = this.resolve(key);
    const tmpDir = path.join(this.root, TMP_DIR);
    await fs.mkdir(tmpDir, { recursive: true });
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(tmpDir, `${randomBytes(8).toString("hex")}.part`);
    try {
      await pipeline(body, createWriteStream(tmp));
      const { size } = await fs.stat(tmp);
      await fs.rename(tmp, target);
      return size;
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.resolve(key));
    } catch (error) {
      if (isNotFound(error)) throw new StorageNotFoundError(key);
      throw error;
    }
  }

  async head(key: string): Promise<StorageObjectInfo | null> {
    try {
      const stat = await fs.stat(this.resolve(key));
      if (!stat.isFile()) return null;
      return { key, size: stat.size, lastModified: stat.mtime };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.resolve(key), { force: true });
  }

  async list(prefix: string): Promise<StorageObjectInfo[]> {
    assertValidPrefix(prefix);
    // Walk only the folder that can contain matches.
    const slash = prefix.lastIndexOf("/");
    const baseDir = slash >= 0 ? prefix.slice(0, slash) : "";
    const results: StorageObjectInfo[] = [];
    const walk = async (relDir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(path.join(this.root, relDir), { withFileTypes: true });
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      for (const entry of entries) {
        const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
        if (rel === TMP_DIR) continue;
        if (entry.isDirectory()) {
          if (rel.startsWith(prefix) || prefix.startsWith(`${rel}/`)) await walk(rel);
        } else if (entry.isFile() && rel.startsWith(prefix)) {
          const stat = await fs.stat(path.join(this.root, rel));
          results.push({ key: rel, size: stat.size, lastModified: stat.mtime });
        }
      }
    };
    await walk(baseDir);
    return results.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async createReadStream(key: string): Promise<Readable> {
    const full = this.resolve(key);
    // Open first so a missing file becomes StorageNotFoundError instead of a stream error.
    const handle = await fs.open(full, "r").catch((error: unknown) => {
      if (isNotFound(error)) throw new StorageNotFoundError(key);
      throw error;
    });
    return handle.createReadStream({ autoClose: true });
  }
}
