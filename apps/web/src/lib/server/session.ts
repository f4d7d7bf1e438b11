import { getSessionUser } from "@clickloop/auth";
import { redirect } from "next/navigation";
import { cache } from "react";

/** The signed-in user, looked up once per request. */
export const getCurrentUser = cache(async () => getSessionUser());

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>;

/** Server-side guard: signed-out visitors go to /sign-in and come back afterwards. */
export async function requireUser(returnTo?: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  return user;
}
