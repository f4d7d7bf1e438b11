// The onnxruntime-web version the browser asks for: it is part of the URL of the runtime files
// (/ort/<version>/...), which lets them be cached as immutable. Keep in step with package.json.
export const ORT_WEB_VERSION = "1.30.0";

export function ortAssetBase(): string {
  return `/ort/${ORT_WEB_VERSION}/`;
}
