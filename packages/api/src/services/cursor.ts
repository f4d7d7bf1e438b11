import { and, gt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";

// Postgres keeps microseconds; a JS Date only milliseconds. The cursor therefore carries the
// timestamp as exact text, or rows sharing a millisecond would repeat across pages.
const cursorSchema = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/), z.uuid()]);

/** Select this next to the row to build its cursor. */
export function exactTimestamp(column: AnyColumn): SQL<string> {
  return sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Opaque keyset cursor over (timestamp, id). */
export function encodeCursor(exactTime: string, id: string): string {
  return Buffer.from(JSON.stringify([exactTime, id])).toString("base64url");
}

export function decodeCursor(cursor: string): { time: string; id: string } | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? { time: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/** Rows strictly after the cursor in (time, id) ascending order. */
export function afterCursor(timeColumn: AnyColumn, idColumn: AnyColumn, cursor: { time: string; id: string }): SQL | undefined {
  const time = sql`${cursor.time}::timestamptz`;
  return or(sql`${timeColumn} > ${time}`, and(sql`${timeColumn} = ${time}`, gt(idColumn, cursor.id)));
}

