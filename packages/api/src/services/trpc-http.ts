// The tRPC endpoint as a Request → Response function (the Next route handler is a one-liner over
// it). Abuse limits live here: a body limit enforced while reading, a bounded batch size, and
// internal errors logged with a reference while the client gets only the reference.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { TRPCError } from "@trpc/server";
import { appRouter } from "../root";
import type { TRPCContext } from "../trpc";
import { BodyTooLargeError, withBodyLimit } from "./body-limit";
import { errorReference } from "./error-reference";

export const TRPC_LIMITS = {
  /** Masks are RLE and a click log is bounded (10 000 clicks): 8 MiB is far above any real call. */
  maxBodyBytes: 8 * 1024 * 1024,
  /** The web client batches at most this many calls (httpBatchLink maxItems). */
  maxBatchSize: 20,
};

export interface TrpcHttpOptions {
  createContext: () => Promise<TRPCContext>;
  endpoint?: string;
  limits?: Partial<typeof TRPC_LIMITS>;
  /** Where internal errors go (default console.error). */
  logError?: (message: string, error: unknown) => void;
}

export async function handleTrpcRequest(request: Request, options: TrpcHttpOptions): Promise<Response> {
  const limits = { ...TRPC_LIMITS, ...options.limits };
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  let limited: Request;
  try {
    limited = await withBodyLimit(request, limits.maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return Response.json({ error: { code: "PAYLOAD_TOO_LARGE", message: error.message } }, { status: 413 });
    }
    throw error;
  }
  return fetchRequestHandler({
    endpoint: options.endpoint ?? "/api/trpc",
    req: limited,
    router: appRouter,
    maxBatchSize: limits.maxBatchSize,
    createContext: options.createContext,
    onError({ path, error }: { path?: string; error: TRPCError }) {
      // Expected failures (auth, validation, not found) are answers; only crashes are logged.
      if (error.code === "INTERNAL_SERVER_ERROR") logError(`[trpc] ${path ?? "?"} failed (reference ${errorReference(error)}):`, error.cause ?? error);
    },
  });
}
