import { randomBytes } from "node:crypto";

const references = new WeakMap<object, string>();

/** A short id that ties the client's "internal error" answer to the server's log line. */
export function errorReference(error: object): string {
  let reference = references.get(error);
  if (!reference) {
    reference = randomBytes(6).toString("hex");
    references.set(error, reference);
  }
  return reference;
}
