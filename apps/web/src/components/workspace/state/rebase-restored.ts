// A restored draft carries its saved mask (model answer + brush/eraser edits, baked together) but
// no model logits. Before its next click we replay its clicks through the decoder and keep the
// difference from the saved mask as an edit layer: the model then refines from its own logits
// (as if the session had never been interrupted) and the annotator's edits stay on top.
import type { DecodedCandidate } from "@/lib/sam-browser/decoder-engine";
import { composeMask, diffEdits } from "./compose-mask";
import { chosenCandidate, type AnnotationBox, type AnnotationClick, type Snapshot } from "./types";

type Decode = (clicks: readonly AnnotationClick[], box: AnnotationBox | null, previousLowRes: Float32Array | null) => Promise<DecodedCandidate[]>;

/** True for a restored draft's mask that has not been re-based on model logits yet. */
export function needsRebase(snapshot: Snapshot): boolean {
  const chosen = chosenCandidate(snapshot);
  return chosen !== null && chosen.lowRes === null;
}

function differingPixels(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if ((a[i] ? 1 : 0) !== (b[i] ? 1 : 0)) n++;
  return n;
}

export async function rebaseRestored(present: Snapshot, decode: Decode, width: number, height: number): Promise<Snapshot> {
  const wanted = composeMask(present, width, height);
  let model: DecodedCandidate | null = null;
  if (present.clicks.length > 0 || present.box) {
    const candidates = await decode(present.clicks, present.box, null);
    // The candidate closest to what was saved (the annotator's pick, most likely).
    for (const c of candidates) if (!model || differingPixels(c.mask, wanted) < differingPixels(model.mask, wanted)) model = c;
  }
  return {
    ...present,
    prediction: model ? { candidates: [model], chosen: 0 } : null,
    edits: diffEdits(wanted, model?.mask ?? new Uint8Array(width * height)),
    strokes: [],
  };
}
