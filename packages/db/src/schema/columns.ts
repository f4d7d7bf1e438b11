import { timestamp } from "drizzle-orm/pg-core";

/** Every timestamp column: `timestamp with time zone`, read as a JS `Date`. */
export function timestamptz(name: string) {
  return timestamp(name, { mode: "date", withTimezone: true });
}
