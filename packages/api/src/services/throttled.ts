import { TRPCError } from "@trpc/server";
import { SignInThrottledError } from "@clickloop/auth/core";

/** SignInThrottledError → TOO_MANY_REQUESTS with the wait in the message. */
export async function throttled<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof SignInThrottledError) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message, cause: error });
    throw error;
  }
}
