// Active learning (docs/method.md §5), browser-safe (no node-only imports). Pure functions; the worker's
// `al.score` job and the queue service do the storage and database glue.
//
// API (stable; additions only):
//
// grid.ts — the 64×64 embedding grid and its valid (non-padding) region
//   validGrid(size) → { columns, rows, resized }   SAM resizes the longest side to 1024 and pads
//                                                   bottom/right: only the top-left columns×rows cells see the image
//   EMBEDDING_GRID = 64, EMBEDDING_CHANNELS = 256, CELL_SIZE = 16
//
// prototype.ts — the target prototype (masked average pooling, PANet/SAM³)
//   maskToGridWeights(mask: BinaryMask) → Float32Array(4096)  coverage 0..1 per cell, 0 outside the valid region
//   maskedAverage(embedding, weights) → Float32Array(256) | null
//   computePrototype(samples: Iterable<{ embedding, mask }>) → Float32Array(256) | null (null: no mask covers any cell)
//   new PrototypeAccumulator(state?) .add({ embedding, mask }) → boolean, .prototype(), .count, .toJSON() → PrototypeState
//     (incremental: store toJSON() and add accepted masks one at a time; each image counts once)
//
// auto-prompt.ts — the automatic prompt
//   similarityMap(embedding, prototype, size) → { values: Float32Array(4096) (NaN outside valid), columns, rows }
//   autoClicks({ embedding, prototype, width, height }, { negatives = 0, minSeparation = 4 })
//     → { clicks: Click[] (positive at the argmax first, then negatives at the lowest similarity; image pixels), maxSimilarity, map }
//
// uncertainty.ts — the four parts (higher = more uncertain, each in [0, 1]) and their combination
//   UNCERTAINTY_PARTS = ["iou", "stability", "entropy", "disagreement"]
//   uncertaintyParts({ lowRes: 3×256², iou: 3, best }, size, { bandRadius = 2, stabilityOffset = 1 }) → UncertaintyParts
//     iou = 1 − predicted IoU of the chosen (highest predicted IoU) candidate
//     stability = 1 − IoU(logits > +1, logits > −1) of the chosen candidate
//     entropy = mean binary entropy (bits) in the boundary band: chosen mask's boundary dilated by
//       bandRadius low-res px (Chebyshev); 1 when the mask is empty
//     disagreement = 1 − mean pairwise IoU of the candidates' masks
//     (all over the valid low-res region only)
//   rankAverage(partsPerImage, parts = all) → number[] in [0, 1]  (fractional ranks, ties averaged)
//
// diversity.ts
//   meanPoolEmbedding(embedding, size) → Float32Array(256) over the valid grid
//   kCenterGreedy(vectors, { count, metric: "cosine" | "l2", selected }) → { order, distance }  deterministic
//
// ordering.ts — the queue order
//   QUEUE_STRATEGIES = ["uncertainty", "diversity", "random", "upload"]
//   orderQueue(strategy, images: { id, uploadedAt?, pooled?, score? }[], options) → { id, rank }[]  (rank 0 first)
//     uncertainty: score desc, batch-wise greedy with a similarity penalty (batchSize 20, diversityWeight 0.5)
//     diversity: k-centre greedy on centred pooled embeddings, far from `labelled` too (cold-start default)
//     random: by FNV-1a(`${seed}:${id}`) — stable when images are added
//     upload: uploadedAt, then id
//     images a strategy cannot place (no score / no embedding) follow in upload order
//
// score-image.ts — one image under the deployed model
//   scoreImage({ decoder (SessionWithRuntime of the multimask decoder, or a decode function), embedding,
//                width, height, prototype, negatives, uncertainty })
//     → { pooled, parts | null, autoClicks, maxSimilarity | null,
//         preAnnotation: { clicks, mask (image-size BinaryMask), lowRes (256², feed back as maskInput), predictedIoU, candidate } | null }
//     cold start (prototype null): only `pooled`, no decoder pass.
export * from "./grid";
export * from "./prototype";
export * from "./auto-prompt";
export * from "./uncertainty";
export * from "./diversity";
export * from "./ordering";
export * from "./score-image";
