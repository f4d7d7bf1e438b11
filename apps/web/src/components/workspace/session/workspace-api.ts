"use client";
// The workspace's view of the API, typed from the app router.
import { TRPCClientError } from "@trpc/client";
import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";

export type QueueNext = RouterOutputs["queue"]["next"];
export type QueueItem = NonNullable<QueueNext["item"]>;
export type SavedAnnotation = NonNullable<QueueItem["annotation"]>;
export type AnnotationWrite = RouterInputs["annotation"]["saveDraft"];

export function trpcErrorCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  return (error.data as { code?: string } | undefined)?.code ?? null;
}
