// What the server says about the model to use, inferred from tRPC `model.deployed` (its zod schema
// is `deployedModelSchema` in packages/api/src/models/deployed.ts): id ("base" or a version id),
// decoder URL + SHA-256, the multimask decoder (null when there is none), the encoder, and the
// base model as `fallback` (null when this is the base).
import type { RouterOutputs } from "@/lib/trpc/types";

export type DeployedModel = RouterOutputs["model"]["deployed"];
