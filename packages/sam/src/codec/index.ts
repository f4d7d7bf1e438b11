export * from "./png";
export * from "./rle";
