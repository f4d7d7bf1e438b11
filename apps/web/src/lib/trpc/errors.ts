import { TRPCClientError } from "@trpc/client";

/** A message fit to show inline; zod issues become the first issue's message. */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    const zodError = (data as { zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } } | null)?.zodError;
    const firstFieldError = zodError?.fieldErrors && Object.values(zodError.fieldErrors).flat()[0];
    return firstFieldError ?? zodError?.formErrors?.[0] ?? error.message ?? fallback;
  }
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}
