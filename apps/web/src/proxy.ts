import { NextResponse, type NextRequest } from "next/server";

// Auth.js session cookie names (plain http, and https with the __Secure- prefix).
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/**
 * Sends visitors without a session cookie to /sign-in, remembering where they were going.
 * Only a cheap cookie check: the layouts verify the session against the database, and the API
 * checks every call again.
 */
export function proxy(request: NextRequest): NextResponse {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ["/projects/:path*", "/account"] };
