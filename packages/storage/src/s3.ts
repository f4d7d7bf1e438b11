import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { assertValidKey, assertValidPrefix, StorageNotFoundError, type PutOptions, type Storage, type StorageObjectInfo } from "./types";

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix inside the bucket, e.g. "clickloop/". */
  prefix?: string;
  client?: S3Client;
  clientConfig?: S3ClientConfig;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

/** S3-compatible object store (AWS, MinIO, R2...). Single PUTs are atomic by nature. */
export class S3Storage implements Storage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3StorageOptions) {
    this.client = options.client ?? new S3Client(options.clientConfig ?? {});
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? "";
  }

  private objectKey(key: string): string {
    assertValidKey(key);
    return this.prefix + key;
  }

  async put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: body, ContentType: options.contentType }),
    );
  }

  /** Spools to a temporary file first: a single PUT needs the length up front. */
  async putStream(key: string, body: Readable, options: PutOptions = {}): Promise<number> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "clickloop-s3-"));
    const tmp = path.join(dir, "body");
    try {
      await pipeline(body, createWriteStream(tmp));
      const { size } = await fs.stat(tmp);
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: createReadStream(tmp), ContentLength: size, ContentType: options.contentType }),
      );
      return size;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!out.Body) throw new StorageNotFoundError(key);
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) throw new StorageNotFoundError(key);
      throw error;
    }
  }

  async head(key: string): Promise<StorageObjectInfo | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { key, size: out.ContentLength ?? 0, lastModified: out.LastModified ?? null };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async list(prefix: string): Promise<StorageObjectInfo[]> {
    assertValidPrefix(prefix);
    const results: StorageObjectInfo[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, ContinuationToken: token }),
      );
      for (const item of out.Contents ?? []) {
        if (!item.Key) continue;
        results.push({ key: item.Key.slice(this.prefix.length), size: item.Size ?? 0, lastModified: item.LastModified ?? null });
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return results.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async createReadStream(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!out.Body) throw new StorageNotFoundError(key);
      return Readable.fromWeb(out.Body.transformToWebStream() as Parameters<typeof Readable.fromWeb>[0]);
    } catch (error) {
      if (isNotFound(error)) throw new StorageNotFoundError(key);
      throw error;
    }
  }
}
