import type { PreprocessedImage } from "./preprocess";
import { float32Output, type SessionWithRuntime } from "./runtime";

export interface ImageEmbedding {
  /** `[1, 256, 64, 64]` float32, NCHW. */
  data: Float32Array;
  dims: readonly [number, number, number, number];
}

/** Runs the image encoder (`encoder.onnx`: one input, one output) on a preprocessed image. */
export async function encodeImage({ session, Tensor }: SessionWithRuntime, image: PreprocessedImage): Promise<ImageEmbedding> {
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  if (!inputName || !outputName) throw new Error("encoder session has no input/output");
  const outputs = await session.run({ [inputName]: new Tensor("float32", image.data, image.dims) });
  const { data, dims } = float32Output(outputs, outputName);
  if (dims.length !== 4) throw new Error(`encoder output has rank ${dims.length}, expected 4`);
  return { data, dims: [dims[0] as number, dims[1] as number, dims[2] as number, dims[3] as number] };
}
