export * from "./click-simulator";
export * from "./metrics";
export * from "./noc";
export * from "./prompt-modes";
export * from "./oracle";
export * from "./run-interactive";
export * from "./split";
