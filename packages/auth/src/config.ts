import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { accounts, sessions, users, verificationTokens, type Db } from "@clickloop/db";
import { authorizeCredentials } from "./authorize";
import { clientAddress, SignInThrottledError } from "./throttle";
import { createDbSessionCodec, type DbSessionToken } from "./db-sessions";

/** Auth.js configuration: email + password, sessions stored in Postgres (see db-sessions.ts). */
export function createAuthConfig(options: { db: Db; secret: string }): NextAuthConfig {
  const { db } = options;
  const codec = createDbSessionCodec(db);
  return {
    secret: options.secret,
    trustHost: true,
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    // "jwt" only in name: the token is an opaque id of a `sessions` row.
    session: { strategy: "jwt", maxAge: codec.maxAge },
    jwt: { encode: codec.encode, decode: codec.decode },
    pages: { signIn: "/sign-in" },
    logger: {
      error(error) {
        // Expected events, not errors: a wrong password, and a revoked/expired session
        // (our decode returns null, which Auth.js reports as "Invalid JWT").
        if (error.name === "CredentialsSignin") return;
        const cause = (error as Error & { cause?: { err?: Error } }).cause;
        if (error.name === "JWTSessionError" && cause?.err?.message === "Invalid JWT") return;
        console.error(`[auth][error] ${error.name}: ${error.message}`, cause ?? "");
      },
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        // A throttled attempt is refused like a wrong password (Auth.js's error classes are not
        // importable here); the sign-in form asks throttleDelay() to explain which it was.
        authorize: async (credentials, request) => {
          try {
            return await authorizeCredentials(db, credentials, { ip: clientAddress(request?.headers) });
          } catch (error) {
            if (error instanceof SignInThrottledError) return null;
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      session({ session, token }) {
        const sub = (token as DbSessionToken).sub;
        if (sub) session.user.id = sub;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? (message.token as DbSessionToken | null) : null;
        if (token?.sessionToken) await codec.revoke(token.sessionToken);
      },
    },
  };
}
