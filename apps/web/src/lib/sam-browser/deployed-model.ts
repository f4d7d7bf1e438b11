// What the server says about the model to use (tRPC `model.deployed`), as the browser needs it.
export interface DeployedModel {
  /** Model version id; "base" until a training round has published one. */
  id: string;
  label: string;
  /** SHA-256 (hex) of the decoder file; verified after download. */
  sha256: string;
  decoderUrl: string;
  /** SAM's multimask decoder (3 candidates), used for the first click; null when there is none. */
  multimask: { url: string; sha256: string } | null;
  /** The same model for fast clicks: image side once per image + a per-click graph; null when not exported. */
  factored: { imageSide: { url: string; sha256: string }; decoder: { url: string; sha256: string } } | null;
  encoder: { url: string; sha256: string };
  /** The base model, used when this version cannot be loaded (null when this is the base). */
  fallback: Omit<DeployedModel, "fallback"> | null;
}
