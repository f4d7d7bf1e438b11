// Node-only helpers (onnxruntime-node, sharp). Never import this from browser code.
export {};
