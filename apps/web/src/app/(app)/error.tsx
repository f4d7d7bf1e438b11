"use client";

import { Button } from "@/components/ui/button";
import { AlertIcon } from "@/components/ui/icons";

/** Unexpected server or render failure inside the signed-in app; the header stays usable. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex max-w-md flex-col items-center px-4 py-20 text-center">
      <div className="mb-4 grid size-11 place-items-center rounded-full bg-red-50 text-red-700">
        <AlertIcon className="size-5" />
      </div>
      <h1 className="text-base font-semibold text-zinc-900">Something went wrong</h1>
      <p className="mt-1 text-[13px] text-zinc-500">
        The page could not be loaded. Try again in a moment; if it keeps failing, tell your administrator the reference below.
        {error.digest && <span className="mt-2 block font-mono text-xs text-zinc-400">Reference: {error.digest}</span>}
      </p>
      <Button variant="secondary" className="mt-6" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
