import { sql } from "drizzle-orm";
import { z } from "zod";
import { users, type Db } from "@clickloop/db";
import { verifyAgainstDummy, verifyPassword } from "./password";

const credentialsSchema = z.object({
  email: z.email().trim().toLowerCase().max(320),
  password: z.string().min(1).max(200),
});

export interface AuthorizedUser {
  id: string;
  email: string;
  name: string | null;
}

/** Email + password check for the Credentials provider. Same timing for unknown emails and wrong passwords. */
export async function authorizeCredentials(db: Db, credentials: unknown): Promise<AuthorizedUser | null> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.email}) = ${parsed.data.email}`)
    .limit(1);
  if (!user?.passwordHash) return verifyAgainstDummy(parsed.data.password).then(() => null);
  if (!(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
  return { id: user.id, email: user.email ?? parsed.data.email, name: user.name };
}
