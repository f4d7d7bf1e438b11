"use client";
// The annotator workspace: takes images from the queue one at a time, runs the deployed model
// in the browser, and switches to a newly deployed model between images.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC, useTRPCClient } from "@/lib/trpc/react";
import { ImageEditor } from "./ImageEditor";
import { useSamModel, type LoadedModel } from "./session/use-sam-model";
import type { QueueNext } from "./session/workspace-api";

const MODEL_POLL_MS = 30_000;

type QueueState = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; next: QueueNext};

export interface WorkspaceProps {
  projectId: string;
  projectName: string;
  targetLabel: string;
}

function Centered({ children }: { children: React.ReactNode }) {
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-950 text-zinc-300" data-testid="workspace-state">
      <div className="max-w-md text-center text-[14px]">{children}</div>
    </div>
  );
}

export function Workspace({ projectId, projectName, targetLabel }: WorkspaceProps) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const deployed = useQuery({ ...trpc.model.deployed.queryOptions({ projectId }), refetchInterval: MODEL_POLL_MS });
  const sam = useSamModel(deployed.data);
  const [queue, setQueue] = useState<QueueState>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  const currentImage = useRef<string | null>(null);

  const loadNext = useCallback(async () => {
    setQueue({ status: "loading" });
    try {
      const next = await client.queue.next.mutate({ projectId });
      currentImage.current = next.item?.image.id ?? null;
      setQueue({ status: "ready", next});
      setGeneration((g) => g + 1);
    } catch (error) {
      setQueue({ status: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }, [client, projectId]);

  useEffect(() => {
    void loadNext();
  }, [loadNext]);

  // Leaving the workspace gives the image back to the queue (the draft stays saved).
  useEffect(() => {
    const release = () => {
      const imageId = currentImage.current;
      if (imageId) void client.queue.release.mutate({ projectId, imageId }).catch(() => undefined);
    };
    return release;
  }, [client, projectId]);

  // A model is pinned per image: adopt a staged update only when a new image opens.
  const [pinned, setPinned] = useState<{ generation: number; model: LoadedModel } | null>(null);
  useEffect(() => {
    if (queue.status !== "ready" || pinned?.generation === generation) return;
    const model = sam.adoptStaged();
    if (model) setPinned({ generation, model });
  }, [queue.status, generation, pinned?.generation, sam, sam.active]);

  if (sam.error) return <Centered><p className="text-red-300">{sam.error}</p></Centered>;
  if (queue.status === "error") {
    return (
      <Centered>
        <p className="text-red-300">{queue.message}</p>
        <button type="button" onClick={() => void loadNext()} className="mt-4 rounded-md bg-zinc-800 px-3 py-1.5 text-[13px] hover:bg-zinc-700">
          Try again
        </button>
      </Centered>
    );
  }
  if (queue.status === "ready" && !queue.next.item) {
    return (
      <Centered>
        <p className="text-base font-medium text-zinc-100">The queue is empty</p>
        <p className="mt-2 text-zinc-400">Every image of this project is annotated or being annotated by someone else. Thank you!</p>
        <Link href={`/projects/${projectId}`} className="mt-5 inline-block rounded-md bg-accent-700 px-3.5 py-1.5 text-[13px] font-medium text-white hover:bg-accent-600">
          Back to the project
        </Link>
      </Centered>
    );
  }
  if (queue.status === "loading" || !sam.runtime || !pinned || pinned.generation !== generation || !queue.next.item) {
    const progress = sam.progress;
    return (
      <Centered>
        <p>{progress !== null ? `Loading the model… ${Math.round(progress * 100)}%` : "Opening the next image…"}</p>
        <div className="mx-auto mt-3 h-1 w-64 overflow-hidden rounded-full bg-zinc-800">
          <div className="h-full rounded-full bg-accent-500 transition-[width]" style={{ width: `${Math.round((progress ?? 0.3) * 100)}%` }} />
        </div>
      </Centered>
    );
  }

  const item = queue.next.item;
  return (
    <ImageEditor
      key={item.image.id}
      projectId={projectId}
      projectName={projectName}
      targetLabel={targetLabel}
      item={item}
      openImages={queue.next.openImages}
      runtime={sam.runtime}
      model={pinned.model.model}
      engine={pinned.model.engine}
      multimaskEngine={pinned.model.multimaskEngine}
      stagedModelLabel={sam.staged?.model.label ?? null}
      modelUpdateError={sam.updateError}
      onFinished={() => void loadNext()}
    />
  );
}
