// Browser-safe entry of the model core. Node-only helpers (sharp, onnxruntime-node) live in
// `@clickloop/sam/node`.
export * from "./mask/binary-mask";
export * from "./mask/distance-transform";
export * from "./mask/components";
