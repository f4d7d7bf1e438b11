import { sql } from "drizzle-orm";
import { z } from "zod";
import { users, type Db } from "@clickloop/db";
import { hashPassword } from "@clickloop/auth/core";

export const emailSchema = z.email().trim().toLowerCase().max(320);
export const passwordSchema = z.string().min(8, "Use at least 8 characters.").max(200);
export const nameSchema = z.string().trim().min(1).max(120);

type Executor = Pick<Db, "insert" | "select" | "execute">;

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).limit(1);
  return row ?? null;
}

export async function createPasswordUser(
  db: Executor,
  input: { email: string; name: string; password: string; isInstanceAdmin?: boolean },
) {
  const [user] = await db
    .insert(users)
    .values({
      email: input.email.toLowerCase(),
      name: input.name,
      passwordHash: await hashPassword(input.password),
      isInstanceAdmin: input.isInstanceAdmin ?? false,
    })
    .returning();
  if (!user) throw new Error("insert returned no row");
  return user;
}
