// Browser-safe entry of the model core. Node-only helpers (sharp, onnxruntime-node) live in
// `@clickloop/sam/node`.
export * from "./mask/binary-mask";
export * from "./mask/distance-transform";
export * from "./mask/components";
export * from "./image";
export * from "./resize";
export * from "./preprocess";
export * from "./coords";
export * from "./runtime";
export * from "./encoder";
export * from "./decoder";
export * from "./postprocess";
export * from "./embedding-format";
export * from "./eval/index";
export * from "./codec/index";
