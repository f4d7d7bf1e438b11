import { describe, expect, it } from "vitest";
import { kCenterGreedy, meanPoolEmbedding, orderQueue, validGrid, type QueueImage } from "../src/active-learning";

const vec = (...values: number[]) => Float32Array.from(values);

describe("validGrid / meanPoolEmbedding", () => {
  it("pools over the cells that see the image only", () => {
    expect(validGrid({ width: 640, height: 480 })).toMatchObject({ columns: 64, rows: 48 });
    expect(validGrid({ width: 100, height: 1000 })).toMatchObject({ columns: 7, rows: 64 }); // 102 px wide → 7 cells
    const embedding = new Float32Array(256 * 4096).fill(100); // padding cells hold 100
    for (let ch = 0; ch < 256; ch++) for (let y = 0; y < 48; y++) embedding.fill(ch, ch * 4096 + y * 64, ch * 4096 + y * 64 + 64);
    const pooled = meanPoolEmbedding(embedding, { width: 640, height: 480 });
    expect(pooled[0]).toBe(0);
    expect(pooled[255]).toBe(255);
  });
});

describe("kCenterGreedy", () => {
  // Three tight clusters in the plane (L2): any spread selection takes one point from each first.
  const clusters = [vec(0, 0), vec(0.1, 0), vec(0, 0.1), vec(10, 0), vec(10.1, 0), vec(0, 10), vec(0.1, 10.1)];
  const cluster = (i: number) => (i < 3 ? "a" : i < 5 ? "b" : "c");

  it("picks spread points first, deterministically", () => {
    const { order } = kCenterGreedy(clusters, { metric: "l2", count: 3 });
    expect(new Set(order.map(cluster)).size).toBe(3);
    expect(kCenterGreedy(clusters, { metric: "l2", count: 3 }).order).toEqual(order);
    // The first pick is nearest the centroid (≈ (2.9, 2.9)): a point of cluster a.
    expect(cluster(order[0]!)).toBe("a");
  });

  it("with a selected set, starts far from it and never returns it", () => {
    const { order, distance } = kCenterGreedy(clusters, { metric: "l2", count: 2, selected: [0, 3] });
    expect(cluster(order[0]!)).toBe("c");
    expect(order).not.toContain(0);
    expect(order).not.toContain(3);
    expect(distance[0]).toBe(0);
    expect(distance[1]).toBeCloseTo(0.1, 6);
  });

  it("cosine distance ignores vector length", () => {
    const points = [vec(1, 0), vec(5, 0), vec(0, 1), vec(0, 7), vec(1, 1)];
    const { order } = kCenterGreedy(points, { metric: "cosine", count: 3 });
    // Start nearest the centroid direction (1,1)/√2 → index 4; then the two axes.
    expect(order[0]).toBe(4);
    expect(new Set(order.slice(1).map((i) => (i < 2 ? "x" : "y")))).toEqual(new Set(["x", "y"]));
  });
});

/** 256-d pooled vectors: a shared component plus a direction per group (so centring matters). */
function pooled(group: number, jitter = 0): Float32Array {
  const v = new Float32Array(256).fill(1);
  v[1 + group] = (v[1 + group] as number) + 3;
  v[200] = (v[200] as number) + jitter;
  return v;
}

describe("orderQueue", () => {
  const images: QueueImage[] = [
    { id: "c", uploadedAt: 3, score: 0.9, pooled: pooled(0) },
    { id: "a", uploadedAt: 1, score: 0.95, pooled: pooled(0, 0.01) },
    { id: "b", uploadedAt: 2, score: 0.5, pooled: pooled(1) },
    { id: "d", uploadedAt: 4, score: 0.85, pooled: pooled(2) },
    { id: "e", uploadedAt: 5, score: null, pooled: pooled(3) },
    { id: "f", uploadedAt: 0, score: null, pooled: null },
  ];
  const ids = (ranks: { id: string; rank: number }[]) => {
    ranks.forEach((r, i) => expect(r.rank).toBe(i));
    return ranks.map((r) => r.id);
  };

  it("upload: by upload time", () => {
    expect(ids(orderQueue("upload", images))).toEqual(["f", "a", "b", "c", "d", "e"]);
  });

  it("uncertainty: highest score first; a near-duplicate is pushed behind a different image; unscored last", () => {
    // Without the diversity term: pure score order.
    expect(ids(orderQueue("uncertainty", images, { diversityWeight: 0 }))).toEqual(["a", "c", "d", "b", "f", "e"]);
    // With it, "c" (a near-copy of "a") drops behind "d" and "b" within the batch.
    expect(ids(orderQueue("uncertainty", images, { batchSize: 4 }))).toEqual(["a", "d", "b", "c", "f", "e"]);
    // Batch of 1: each pick is penalised by the previous batch only.
    expect(ids(orderQueue("uncertainty", images, { batchSize: 1 }))[1]).toBe("d");
  });

  it("diversity: k-centre order over embedded images, far from labelled ones; unembedded last", () => {
    const order = ids(orderQueue("diversity", images));
    expect(order.at(-1)).toBe("f");
    // "a" and "c" are near-duplicates: they are never both among the first four picks' first three.
    const firstThree = order.slice(0, 3);
    expect(firstThree.includes("a") && firstThree.includes("c")).toBe(false);
    // With group 0 and 1 labelled, the first pick is from an unlabelled direction (group 2 or 3).
    const next = ids(orderQueue("diversity", images, { labelled: [pooled(0), pooled(1)] }))[0];
    expect(["d", "e"]).toContain(next);
    // The limit falls back to distance order for the rest (all images still ranked once).
    expect(new Set(ids(orderQueue("diversity", images, { diversityLimit: 1 })))).toEqual(new Set(images.map((i) => i.id)));
  });

  it("random: seeded, deterministic, independent of input order, stable when images are added", () => {
    const first = ids(orderQueue("random", images, { seed: 7 }));
    expect(ids(orderQueue("random", [...images].reverse(), { seed: 7 }))).toEqual(first);
    expect(ids(orderQueue("random", images, { seed: 8 }))).not.toEqual(first);
    const grown = ids(orderQueue("random", [...images, { id: "g" }], { seed: 7 }));
    expect(grown.filter((id) => id !== "g")).toEqual(first);
  });

  it("rejects duplicate ids and scales to 10,000 images", () => {
    expect(() => orderQueue("upload", [{ id: "x" }, { id: "x" }])).toThrow(/duplicate/);
    const many: QueueImage[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `img-${i}`,
      uploadedAt: i,
      score: (i * 7919) % 10_007 / 10_007,
      pooled: pooled(i % 50, i / 10_000),
    }));
    const ranks = orderQueue("uncertainty", many);
    expect(ranks).toHaveLength(10_000);
    expect(new Set(ranks.map((r) => r.id)).size).toBe(10_000);
    // Within the first batch no two images share a group (50 groups, batch 20).
    const first = ranks.slice(0, 20).map((r) => Number(r.id.slice(4)) % 50);
    expect(new Set(first).size).toBe(20);
  });
});
