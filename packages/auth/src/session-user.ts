import { and, eq, isNull } from "drizzle-orm";
import { users, type Db } from "@clickloop/db";

export interface SessionUser {
  id: string;
  email: string | null;
  name: string | null;
  isInstanceAdmin: boolean;
}

export async function loadSessionUserById(db: Db, userId: string | null | undefined): Promise<SessionUser | null> {
  if (!userId) return null;
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, isInstanceAdmin: users.isInstanceAdmin })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt))) // a disabled account is signed out everywhere
    .limit(1);
  return row ?? null;
}
