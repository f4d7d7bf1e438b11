"use client";
// Saving one image's annotation: autosave of the draft, submit, skip, and keeping the queue
// lease alive. Every write carries the version it is based on (optimistic locking).
import { useCallback, useEffect, useRef, useState } from "react";
import { encodeMaskRle } from "@clickloop/api/browser";
import { useTRPCClient } from "@/lib/trpc/react";
import type { DeployedModel } from "@/lib/sam-browser/deployed-model";
import { maskArea } from "../state/compose-mask";
import type { AnnotationEditor } from "../state/use-annotation-editor";
import { SaveConflict, useAutosave, type Autosave } from "./use-autosave";
import { trpcErrorCode, type AnnotationWrite, type QueueItem } from "./workspace-api";

const LEASE_RENEW_MS = 2 * 60_000;

export interface Persistence {
  autosave: Autosave;
  /** Clicks on this image over all sessions. */
  clickCount: number;
  timerOrigin: number;
  leaseLost: boolean;
  actionError: string | null;
  pending: "submit" | "skip" | null;
  submit(): Promise<boolean>;
  skip(reason: string): Promise<boolean>;
}

export function useAnnotationPersistence(
  projectId: string,
  item: QueueItem,
  editor: AnnotationEditor,
  model: DeployedModel,
  openedAt: number,
  restoredClickCount: number,
): Persistence {
  const client = useTRPCClient();
  const { image, annotation } = item;
  const version = useRef<number | null>(annotation?.status === "draft" || annotation?.status === "rejected" ? annotation.version : null);
  const priorTimeMs = annotation?.timeSpentMs ?? 0;
  const priorClicks = annotation?.clickCount ?? 0;
  const clickCount = priorClicks + Math.max(0, editor.clickLog.length - restoredClickCount);
  const [leaseLost, setLeaseLost] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [pending, setPending] = useState<"submit" | "skip" | null>(null);
  const [finished, setFinished] = useState(false);

  // Revision 0 is the image as opened (empty, or the restored draft): nothing to save yet.
  const [savedRevision, setSavedRevision] = useState(0);
  const latest = useRef({ editor, clickCount });
  latest.current = { editor, clickCount };

  const content = useCallback((): AnnotationWrite => {
    const { editor: e, clickCount: clicks } = latest.current;
    const empty = maskArea(e.mask) === 0;
    return {
      projectId,
      imageId: image.id,
      expectedVersion: version.current,
      mask: empty ? null : encodeMaskRle(e.mask, image.width, image.height),
      clicks: e.snapshot.clicks.map((c) => ({ x: c.x, y: c.y, positive: c.positive, t: c.t })),
      box: e.snapshot.box,
      modelVersionId: model.id,
      modelSha256: model.sha256,
      timeSpentMs: Math.round(priorTimeMs + performance.now() - openedAt),
      clickCount: clicks,
    };
  }, [projectId, image, model, priorTimeMs, openedAt]);

  const save = useCallback(async () => {
    const at = latest.current.editor.revision;
    try {
      const saved = await client.annotation.saveDraft.mutate(content());
      version.current = saved.version;
      setSavedRevision(at);
    } catch (error) {
      if (trpcErrorCode(error) === "CONFLICT") throw new SaveConflict(error instanceof Error ? error.message : "Conflict");
      throw error;
    }
  }, [client, content]);

  const autosave = useAutosave(editor.revision, savedRevision, save, pending === null && !finished);

  // Keep the lease while the image is open.
  useEffect(() => {
    const id = setInterval(() => {
      client.queue.renew.mutate({ projectId, imageId: image.id }).then(
        () => setLeaseLost(false),
        (error: unknown) => trpcErrorCode(error) === "CONFLICT" && setLeaseLost(true),
      );
    }, LEASE_RENEW_MS);
    return () => clearInterval(id);
  }, [client, projectId, image.id]);

  const finish = useCallback(
    async (kind: "submit" | "skip", run: () => Promise<unknown>): Promise<boolean> => {
      setPending(kind);
      setActionError(null);
      try {
        await run();
        setFinished(true);
        return true;
      } catch (error) {
        setActionError(error instanceof Error ? error.message : String(error));
        return false;
      } finally {
        setPending(null);
      }
    },
    [],
  );

  const submit = useCallback(
    () => finish("submit", () => client.annotation.submit.mutate(content())),
    [finish, client, content],
  );
  const skip = useCallback(
    (reason: string) => finish("skip", () => client.annotation.skip.mutate({ ...content(), reason })),
    [finish, client, content],
  );

  return { autosave, clickCount, timerOrigin: openedAt - priorTimeMs, leaseLost, actionError, pending, submit, skip };
}
