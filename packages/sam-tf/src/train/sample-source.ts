// Samples on demand: a round over a large project loads one sample at a time (embedding + mask from
// storage) instead of holding every float32 embedding in memory.
import type { TrainingSample } from "./sample-step";

/** Indexed samples loaded on demand; `get` may read storage (each call returns a fresh sample). */
export interface SampleSource {
  readonly size: number;
  get(index: number): Promise<TrainingSample>;
}

export type Samples = readonly TrainingSample[] | SampleSource;

export function isSampleSource(samples: Samples): samples is SampleSource {
  return !Array.isArray(samples);
}

/** An in-memory array as a source (tests, benchmarks with cached embeddings). */
export function arraySource(samples: readonly TrainingSample[]): SampleSource {
  return {
    size: samples.length,
    get: async (index) => {
      const sample = samples[index];
      if (!sample) throw new RangeError(`sample ${index} of ${samples.length}`);
      return sample;
    },
  };
}

export function toSampleSource(samples: Samples): SampleSource {
  return isSampleSource(samples) ? samples : arraySource(samples);
}

/**
 * Iterates `order` (indices into `source`), loading the next sample while the caller works on the
 * current one, so storage reads overlap training. At most two samples are alive at a time.
 */
export async function* prefetched(source: SampleSource, order: readonly number[]): AsyncGenerator<{ index: number; sample: TrainingSample }> {
  let next = order.length > 0 ? source.get(order[0] as number) : null;
  for (let i = 0; i < order.length; i++) {
    const sample = await (next as Promise<TrainingSample>);
    next = i + 1 < order.length ? source.get(order[i + 1] as number) : null;
    // A failed prefetch surfaces when awaited; keep it from being reported as unhandled before then.
    next?.catch(() => {});
    yield { index: order[i] as number, sample };
  }
}
