import { appRouter, createTRPCContext } from "@clickloop/api";
import { auth } from "@clickloop/auth";
import { headers } from "next/headers";
import { cache } from "react";

/** tRPC caller for server components and server actions: same procedures, same role checks. */
export const getServerCaller = cache(async () => {
  const [session, requestHeaders] = await Promise.all([auth(), headers()]);
  return appRouter.createCaller(await createTRPCContext({ session, headers: new Headers(requestHeaders) }));
});
