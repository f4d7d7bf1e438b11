import NextAuth from "next-auth";
import { getDb } from "@clickloop/db";
import { createAuthConfig } from "./config";
import { resolveAuthSecret } from "./secret";
import { loadSessionUserById, type SessionUser } from "./session-user";

// Lazy: the config (and the database pool) is built on the first request, not at import.
const nextAuth = NextAuth(() => createAuthConfig({ db: getDb(), secret: resolveAuthSecret() }));

export const { handlers, auth, signIn, signOut } = nextAuth;

/** The signed-in user, fresh from the database (role flags included), or null. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  return loadSessionUserById(getDb(), session?.user?.id);
}

export type { SessionUser } from "./session-user";
export { hashPassword, verifyPassword } from "./password";
