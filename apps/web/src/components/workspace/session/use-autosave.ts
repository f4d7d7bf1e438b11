"use client";
// Autosave: a dirty annotation is saved a few seconds after the last change, when the tab is
// hidden or left, and retried with backoff while offline (at once when the browser is back online). A conflict (the annotation was saved
// elsewhere) stops autosaving and is shown; nothing is overwritten.
import { useCallback, useEffect, useRef, useState } from "react";

export type SaveState = "saved" | "saving" | "unsaved" | "offline" | "conflict";

export const AUTOSAVE_DELAY_MS = 2_500;
const MAX_BACKOFF_MS = 30_000;

export class SaveConflict extends Error {
  override name = "SaveConflict";
}

export interface Autosave {
  state: SaveState;
  message: string | null;
  lastSavedAt: Date | null;
  /** Saves now if there is anything to save; resolves once saved (or rejects). */
  flush(): Promise<void>;
  /** Resolves once no save is in flight (whatever its outcome), so a final write carries its version. */
  settled(): Promise<void>;
}

/**
 * `revision` changes whenever the content changes; `save` must persist the latest content and
 * throw SaveConflict for a refused stale write (any other error is treated as transient).
 */
export function useAutosave(revision: number, savedRevision: number, save: () => Promise<void>, enabled: boolean): Autosave {
  const [state, setState] = useState<SaveState>("saved");
  const [message, setMessage] = useState<string | null>(null);
  const [lastSavedAt, setLastSavedAt] = useState<Date | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;
  const inFlight = useRef<Promise<void> | null>(null);
  const failures = useRef(0);
  const dirty = revision !== savedRevision;
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const conflicted = useRef(false);

  const run = useCallback((): Promise<void> => {
    if (conflicted.current) return Promise.reject(new SaveConflict(message ?? "Conflict"));
    if (inFlight.current) return inFlight.current.then(() => (dirtyRef.current ? run() : undefined));
    if (!dirtyRef.current) return Promise.resolve();
    setState("saving");
    const attempt = saveRef
      .current()
      .then(() => {
        failures.current = 0;
        setLastSavedAt(new Date());
        setMessage(null);
        // Edits made while saving show as unsaved (the caller's revision moved on) and are saved next.
        setState("saved");
      })
      .catch((e: unknown) => {
        if (e instanceof SaveConflict) {
          conflicted.current = true;
          setState("conflict");
          setMessage(e.message);
        } else {
          failures.current++;
          setState("offline");
          setMessage(e instanceof Error ? e.message : String(e));
        }
        throw e;
      })
      .finally(() => {
        inFlight.current = null;
      });
    inFlight.current = attempt;
    return attempt;
  }, [message]);

  // Debounced save after changes; exponential backoff after failures.
  useEffect(() => {
    if (!enabled || !dirty || conflicted.current) return;
    if (state === "saved") setState("unsaved");
    const delay = failures.current === 0 ? AUTOSAVE_DELAY_MS : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures.current);
    const timer = setTimeout(() => run().catch(() => undefined), delay);
    return () => clearTimeout(timer);
  }, [enabled, dirty, revision, state, run]);

  // Leaving the page or switching tabs saves at once; closing with unsaved work asks first.
  useEffect(() => {
    if (!enabled) return;
    const onHide = () => {
      if (document.visibilityState === "hidden") run().catch(() => undefined);
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!dirtyRef.current || conflicted.current) return;
      run().catch(() => undefined);
      e.preventDefault();
    };
    // Back online: save now instead of waiting out the backoff.
    const onOnline = () => {
      failures.current = 0;
      run().catch(() => undefined);
    };
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("beforeunload", onBeforeUnload);
    window.addEventListener("online", onOnline);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("online", onOnline);
    };
  }, [enabled, run]);

  const reset = useRef(() => {
    conflicted.current = false;
    failures.current = 0;
  });
  useEffect(() => {
    if (!enabled) reset.current();
  }, [enabled]);

  const settled = useCallback(async (): Promise<void> => {
    while (inFlight.current) await inFlight.current.catch(() => undefined);
  }, []);

  return { state: dirty && state === "saved" ? "unsaved" : state, message, lastSavedAt, flush: run, settled };
}
