// Node-only helpers (onnxruntime-node, sharp). Never import this from browser code.
export * from "./models";
export * from "./image-file";
export * from "./embed";
