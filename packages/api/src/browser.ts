// Browser-safe entry of the API package: what the web app's client components share with the
// server. Nothing here may import Node APIs, the database or storage.
export { MAX_MASK_SIDE, maskRleSchema, encodeMaskRle, decodeMaskRle, rleArea, type MaskRle } from "./services/annotation-mask";
