import { readFile, rename, writeFile } from "node:fs/promises";
import type { ParameterValue } from "../model/parameters.js";

/*
 * Trainable weights as one small file, safetensors layout: u64 little-endian header length,
 * JSON header { name: { dtype: "F32", shape, data_offsets: [begin, end] }, __metadata__ }, raw float32 LE.
 */

const HEADER_LENGTH_BYTES = 8;

export function encodeTrainableWeights(weights: ReadonlyMap<string, ParameterValue>, metadata: Record<string, string> = {}): Uint8Array {
  const names = [...weights.keys()].sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const w = weights.get(name)!;
    if (w.data.length !== w.shape.reduce((a, b) => a * b, 1)) throw new Error(`${name}: data length does not match shape`);
    header[name] = { dtype: "F32", shape: [...w.shape], data_offsets: [offset, offset + w.data.byteLength] };
    offset += w.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((HEADER_LENGTH_BYTES + json.length) % 8)) % 8); // keep the data 8-byte aligned
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(HEADER_LENGTH_BYTES + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, HEADER_LENGTH_BYTES);
  let at = HEADER_LENGTH_BYTES + headerBytes.length;
  for (const name of names) {
    const w = weights.get(name)!;
    out.set(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength), at);
    at += w.data.byteLength;
  }
  return out;
}

export interface DecodedTrainableWeights {
  readonly weights: Map<string, ParameterValue>;
  readonly metadata: Record<string, string>;
}

export function decodeTrainableWeights(bytes: Uint8Array): DecodedTrainableWeights {
  if (bytes.length < HEADER_LENGTH_BYTES) throw new Error("trainable weights file is truncated");
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  const dataStart = HEADER_LENGTH_BYTES + headerLength;
  if (dataStart > bytes.length) throw new Error("trainable weights header exceeds the file");
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_LENGTH_BYTES, dataStart))) as Record<string, unknown>;
  const weights = new Map<string, ParameterValue>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = entry as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: [begin, end] } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (dtype !== "F32") throw new Error(`${name}: dtype ${dtype} unsupported`);
    if (dataStart + end > bytes.length || end - begin !== 4 * shape.reduce((a, b) => a * b, 1)) throw new Error(`${name}: bad data offsets`);
    const copy = bytes.slice(dataStart + begin, dataStart + end);
    weights.set(name, { shape, data: new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4) });
  }
  return { weights, metadata };
}

/** Atomic write (temp file + rename). */
export async function saveTrainableWeights(path: string, weights: ReadonlyMap<string, ParameterValue>, metadata: Record<string, string> = {}): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, encodeTrainableWeights(weights, metadata));
  await rename(temp, path);
}

export async function loadTrainableWeights(path: string): Promise<DecodedTrainableWeights> {
  return decodeTrainableWeights(new Uint8Array(await readFile(path)));
}
