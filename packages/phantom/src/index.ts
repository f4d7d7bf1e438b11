export { generatePhantom, type Phantom, type PhantomLesion, type PhantomOptions } from "./phantom";
export type { LesionKind, LesionMargin, LesionShape, PosteriorFeature } from "./lesion";
export { createRng, type Rng } from "./rng";
