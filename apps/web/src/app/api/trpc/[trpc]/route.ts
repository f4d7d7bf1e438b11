import { appRouter, createTRPCContext } from "@clickloop/api";
import { auth } from "@clickloop/auth";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => createTRPCContext({ session: await auth(), headers: req.headers }),
    onError({ path, error }) {
      // Expected failures (auth, validation, not found) are answers; only crashes are logged.
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
