"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { uploadImage, type UploadHandle, type UploadOutcome } from "./upload-file";

export type UploadState = "queued" | "uploading" | "processing" | "created" | "duplicate" | "error";

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  state: UploadState;
  /** Fraction of bytes sent, 0..1. */
  progress: number;
  message?: string;
}

/** Parallel uploads: enough to overlap network and server work without starving a small server. */
const CONCURRENCY = 2;

let nextKey = 0;

/**
 * Uploads files one request each, a few at a time. A failed file never stops the others;
 * `onSettled` runs after every finished upload so the caller can refresh the grid.
 */
export function useUploadQueue(projectId: string, onSettled: (outcome: UploadOutcome) => void) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const files = useRef(new Map<string, File>());
  const running = useRef(new Map<string, UploadHandle>());
  const onSettledRef = useRef(onSettled);
  useEffect(() => {
    onSettledRef.current = onSettled;
  });

  const update = useCallback((key: string, patch: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  }, []);

  const start = useCallback(
    (key: string) => {
      const file = files.current.get(key);
      if (!file) return;
      const handle = uploadImage(projectId, file, (progress) =>
        // All bytes sent: the server is now decoding and storing the file.
        update(key, progress >= 1 ? { progress, state: "processing" } : { progress }),
      );
      running.current.set(key, handle);
      void handle.promise.then((outcome) => {
        running.current.delete(key);
        files.current.delete(key);
        if (outcome.kind === "error") update(key, { state: "error", message: outcome.message });
        else update(key, { state: outcome.kind, progress: 1, message: outcome.kind === "duplicate" ? "Already in this project" : undefined });
        onSettledRef.current(outcome);
      });
    },
    [projectId, update],
  );

  // Start queued uploads whenever a slot is free.
  useEffect(() => {
    const active = items.filter((item) => item.state === "uploading" || item.state === "processing").length;
    const queued = items.filter((item) => item.state === "queued").slice(0, Math.max(0, CONCURRENCY - active));
    if (queued.length === 0) return;
    setItems((current) => current.map((item) => (queued.some((q) => q.key === item.key) ? { ...item, state: "uploading" } : item)));
    for (const item of queued) start(item.key);
  }, [items, start]);

  // Abort in-flight requests when the page goes away.
  useEffect(() => {
    const handles = running.current;
    return () => handles.forEach((handle) => handle.abort());
  }, []);

  const add = useCallback((incoming: Iterable<File>) => {
    const added: UploadItem[] = [];
    for (const file of incoming) {
      const key = `upload-${nextKey++}`;
      files.current.set(key, file);
      added.push({ key, name: file.name, size: file.size, state: "queued", progress: 0 });
    }
    setItems((current) => [...added, ...current]);
  }, []);

  const cancel = useCallback(
    (key: string) => {
      const handle = running.current.get(key);
      if (handle) handle.abort();
      else {
        files.current.delete(key);
        update(key, { state: "error", message: "Cancelled." });
      }
    },
    [update],
  );

  const clearFinished = useCallback(() => {
    setItems((current) => current.filter((item) => item.state === "queued" || item.state === "uploading" || item.state === "processing"));
  }, []);

  return { items, add, cancel, clearFinished };
}
