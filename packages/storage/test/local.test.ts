import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStorageFromEnv, InvalidStorageKeyError, LocalStorage, S3Storage, StorageNotFoundError } from "../src/index";

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe("LocalStorage", () => {
  let root: string;
  let storage: LocalStorage;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-storage-"));
    storage = new LocalStorage(root);
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it("round-trips bytes through put/get/head/stream/delete", async () => {
    const body = Buffer.from("hello ultrasound");
    await storage.put("projects/p1/images/abc.png", body);
    expect(await storage.get("projects/p1/images/abc.png")).toEqual(body);
    expect(await storage.head("projects/p1/images/abc.png")).toMatchObject({ key: "projects/p1/images/abc.png", size: body.length });
    expect(await readStream(await storage.createReadStream("projects/p1/images/abc.png"))).toEqual(body);
    await storage.delete("projects/p1/images/abc.png");
    expect(await storage.head("projects/p1/images/abc.png")).toBeNull();
    await expect(storage.get("projects/p1/images/abc.png")).rejects.toBeInstanceOf(StorageNotFoundError);
    await expect(storage.createReadStream("projects/p1/images/abc.png")).rejects.toBeInstanceOf(StorageNotFoundError);
    await storage.delete("projects/p1/images/abc.png"); // deleting twice is fine
  });

  it("overwrites atomically and leaves no temp files behind", async () => {
    await storage.put("a/b.bin", Buffer.alloc(1000, 1));
    await Promise.all([storage.put("a/b.bin", Buffer.alloc(2000, 2)), storage.put("a/b.bin", Buffer.alloc(2000, 3))]);
    const final = await storage.get("a/b.bin");
    expect(final.length).toBe(2000);
    expect(new Set(final).size).toBe(1); // never a mix of two writes
    expect(await fs.readdir(path.join(root, ".tmp"))).toEqual([]);
  });

  it("lists by prefix, sorted, without temp files", async () => {
    await storage.put("p/1/x.png", Buffer.from("1"));
    await storage.put("p/1/y.png", Buffer.from("22"));
    await storage.put("p/2/z.png", Buffer.from("333"));
    await storage.put("q.png", Buffer.from("4"));
    expect((await storage.list("p/1/")).map((o) => o.key)).toEqual(["p/1/x.png", "p/1/y.png"]);
    expect((await storage.list("p/")).map((o) => o.key)).toEqual(["p/1/x.png", "p/1/y.png", "p/2/z.png"]);
    expect((await storage.list("")).map((o) => o.key)).toEqual(["p/1/x.png", "p/1/y.png", "p/2/z.png", "q.png"]);
    expect(await storage.list("nothing/")).toEqual([]);
  });

  it.each(["../escape", "a/../../b", "/etc/passwd", "a//b", "a\\b", "", ".hidden", "a/./b", "a/b/"])(
    "rejects the key %j",
    async (key) => {
      await expect(storage.put(key, Buffer.from("x"))).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    },
  );
});

describe("createStorageFromEnv", () => {
  it("defaults to local storage in the given folder", () => {
    const storage = createStorageFromEnv({ STORAGE_DIR: "/tmp/somewhere" });
    expect(storage).toBeInstanceOf(LocalStorage);
    expect((storage as LocalStorage).root).toBe("/tmp/somewhere");
  });
  it("selects S3 and requires a bucket", () => {
    expect(createStorageFromEnv({ STORAGE_DRIVER: "s3", S3_BUCKET: "b", S3_ENDPOINT: "http://localhost:9000" })).toBeInstanceOf(S3Storage);
    expect(() => createStorageFromEnv({ STORAGE_DRIVER: "s3" })).toThrow();
    expect(() => createStorageFromEnv({ STORAGE_DRIVER: "ftp" })).toThrow();
  });
});
