import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalStorage } from "../src/index";

describe("LocalStorage.putStream", () => {
  let root: string;
  let storage: LocalStorage;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-stream-"));
    storage = new LocalStorage(root);
  });
  afterEach(async () => fs.rm(root, { recursive: true, force: true }));

  it("writes a stream chunk by chunk and returns its size", async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(10_000, i));
    expect(await storage.putStream("a/b.zip", Readable.from(chunks))).toBe(500_000);
    expect(Buffer.compare(await storage.get("a/b.zip"), Buffer.concat(chunks))).toBe(0);
  });

  it("leaves nothing behind when the stream fails", async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(100));
        this.destroy(new Error("source broke"));
      },
    });
    await expect(storage.putStream("a/broken.zip", failing)).rejects.toThrow("source broke");
    expect(await storage.head("a/broken.zip")).toBeNull();
    expect(await fs.readdir(path.join(root, ".tmp"))).toEqual([]);
  });
});
