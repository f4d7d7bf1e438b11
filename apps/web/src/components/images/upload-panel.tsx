"use client";

import { useRef, useState, type DragEvent } from "react";
import type { UploadOutcome } from "@/lib/upload/upload-file";
import { useUploadQueue, type UploadItem } from "@/lib/upload/use-upload-queue";
import { formatBytes } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { AlertIcon, CheckIcon, UploadIcon, XIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";

// What the server ingests (packages/api ingest); it re-checks every file anyway.
const ACCEPTED_TYPES = "image/png,image/jpeg";

export function UploadPanel({ projectId, onUploaded }: { projectId: string; onUploaded: (outcome: UploadOutcome) => void }) {
  const { items, add, cancel, clearFinished } = useUploadQueue(projectId, onUploaded);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) add(Array.from(event.dataTransfer.files));
  }

  const finished = items.filter((item) => item.state === "created" || item.state === "duplicate" || item.state === "error").length;
  const failed = items.filter((item) => item.state === "error").length;

  return (
    <section aria-labelledby="upload-heading" className="rounded-xl border border-zinc-200 bg-white p-4 shadow-xs">
      <h2 id="upload-heading" className="sr-only">
        Upload images
      </h2>
      <div
        onDragEnter={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragOver={(event) => event.preventDefault()}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
        data-testid="upload-dropzone"
        className={cn(
          "flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-6 py-6 text-center transition-colors",
          dragging ? "border-accent-500 bg-accent-50" : "border-zinc-200 bg-zinc-50/60",
        )}
      >
        <div className="grid size-10 place-items-center rounded-full bg-white text-accent-700 shadow-xs ring-1 ring-zinc-200">
          <UploadIcon className="size-5" />
        </div>
        <p className="text-sm text-zinc-700">
          <span className="font-medium">Drop images here</span> or{" "}
          <button type="button" onClick={() => inputRef.current?.click()} className="rounded font-medium text-accent-700 underline-offset-2 hover:underline">
            choose files
          </button>
        </p>
        <p className="text-xs text-zinc-500">PNG or JPEG · several files at once · duplicates are detected</p>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={ACCEPTED_TYPES}
          className="sr-only"
          aria-label="Choose image files to upload"
          data-testid="upload-input"
          onChange={(event) => {
            if (event.target.files) add(Array.from(event.target.files));
            event.target.value = "";
          }}
        />
      </div>

      {items.length > 0 && (
        <div className="mt-4">
          <div className="mb-2 flex items-center justify-between text-xs text-zinc-500">
            <span aria-live="polite">
              {finished} of {items.length} finished{failed > 0 && <span className="text-red-700"> · {failed} failed</span>}
            </span>
            {finished > 0 && (
              <Button variant="ghost" size="sm" onClick={clearFinished}>
                Clear finished
              </Button>
            )}
          </div>
          <ul className="max-h-72 divide-y divide-zinc-100 overflow-y-auto rounded-lg border border-zinc-200" aria-label="Uploads">
            {items.map((item) => (
              <UploadRow key={item.key} item={item} onCancel={() => cancel(item.key)} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function UploadRow({ item, onCancel }: { item: UploadItem; onCancel: () => void }) {
  const active = item.state === "queued" || item.state === "uploading" || item.state === "processing";
  return (
    <li className="flex items-center gap-3 px-3 py-2.5" data-upload-state={item.state}>
      <StateIcon item={item} />
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-3">
          <span className="truncate text-[13px] font-medium text-zinc-800" title={item.name}>
            {item.name}
          </span>
          <span className="shrink-0 text-xs text-zinc-500 tabular-nums">{formatBytes(item.size)}</span>
        </div>
        {active ? (
          <div
            role="progressbar"
            aria-label={`Uploading ${item.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(item.progress * 100)}
            className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-zinc-100"
          >
            <div
              className={cn("h-full rounded-full transition-[width] duration-200", item.state === "processing" ? "animate-pulse bg-accent-500" : "bg-accent-600")}
              style={{ width: `${Math.max(2, Math.round(item.progress * 100))}%` }}
            />
          </div>
        ) : (
          <p className={cn("mt-0.5 text-xs", item.state === "error" ? "text-red-700" : item.state === "duplicate" ? "text-amber-700" : "text-zinc-500")}>
            {statusText(item)}
          </p>
        )}
        {active && <p className="mt-1 text-[11px] text-zinc-500">{statusText(item)}</p>}
      </div>
      {active && (
        <button type="button" onClick={onCancel} className="rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700" aria-label={`Cancel upload of ${item.name}`}>
          <XIcon className="size-4" />
        </button>
      )}
    </li>
  );
}

function statusText(item: UploadItem): string {
  switch (item.state) {
    case "queued":
      return "Waiting…";
    case "uploading":
      return `Uploading · ${Math.round(item.progress * 100)}%`;
    case "processing":
      return "Processing on the server…";
    case "created":
      return "Uploaded";
    case "duplicate":
      return "Duplicate: this image is already in the project";
    case "error":
      return item.message ?? "Upload failed";
  }
}

function StateIcon({ item }: { item: UploadItem }) {
  const base = "grid size-7 shrink-0 place-items-center rounded-full";
  switch (item.state) {
    case "created":
      return <span className={cn(base, "bg-emerald-50 text-emerald-700")}><CheckIcon className="size-4" /></span>;
    case "duplicate":
      return <span className={cn(base, "bg-amber-50 text-amber-700")}><CheckIcon className="size-4" /></span>;
    case "error":
      return <span className={cn(base, "bg-red-50 text-red-700")}><AlertIcon className="size-4" /></span>;
    default:
      return <span className={cn(base, "bg-zinc-100 text-zinc-500")}><Spinner className="size-3.5" /></span>;
  }
}
