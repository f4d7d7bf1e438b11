"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useProject } from "@/components/project/project-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ChevronLeftIcon, ChevronRightIcon, ImageIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { formatParts, formatRank } from "@/lib/score-format";
import { IMAGE_STATUSES, imageStatusMeta, isImageStatus, type ImageStatus } from "@/lib/image-status";
import { hasRole } from "@/lib/roles";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { RouterOutputs } from "@/lib/trpc/types";

type ImageItem = RouterOutputs["image"]["list"]["items"][number];

const PAGE_SIZE = 24;
/** How often to look for thumbnails the background job has not made yet. */
const THUMBNAIL_POLL_MS = 2_000;

type Sort = "upload" | "score";

export function ImageGrid({ projectId, emptyHint, header }: { projectId: string; emptyHint: string; header?: React.ReactNode }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<ImageStatus | null>(null);
  const [sort, setSort] = useState<Sort>("upload");
  // Cursors of the pages before the current one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];

  // Counts by status for the filter; shares its cache entry with the breadcrumb.
  const project = useQuery(trpc.project.byId.queryOptions({ projectId }));
  const list = useQuery({
    ...trpc.image.list.queryOptions({ projectId, limit: PAGE_SIZE, sort, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((item) => item.thumbnailUrl === null) ? THUMBNAIL_POLL_MS : false),
  });

  function changeStatus(next: ImageStatus | null) {
    setStatus(next);
    setCursors([undefined]);
  }
  function changeSort(next: Sort) {
    setSort(next);
    setCursors([undefined]);
  }

  const page = cursors.length;
  const firstIndex = (page - 1) * PAGE_SIZE + 1;
  const data = list.data;

  return (
    <section aria-labelledby="images-heading">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 id="images-heading" className="text-sm font-semibold text-zinc-900">
          Images
          {data && <span className="ml-2 font-normal text-zinc-500 tabular-nums">{data.total}</span>}
          {list.isFetching && !list.isPending && <Spinner className="ml-2 inline size-3.5 text-zinc-400" />}
        </h2>
        <div className="flex flex-wrap items-center gap-2">
          <SortToggle value={sort} onChange={changeSort} />
          <StatusFilter value={status} onChange={changeStatus} counts={project.data?.counts} />
        </div>
      </div>
      {header && <div className="-mt-2 mb-4">{header}</div>}

      {list.isError && <Alert className="mb-4">Could not load images: {errorMessage(list.error)}</Alert>}
      {list.isPending && <GridSkeleton />}
      {data && data.items.length === 0 && (
        <EmptyState icon={<ImageIcon className="size-5" />} title={status ? `No ${imageStatusMeta[status].label.toLowerCase()} images` : "No images yet"}>
          {status ? "Try another status filter." : emptyHint}
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <>
          <ul className={cn("grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6", list.isPlaceholderData && "opacity-60")} aria-label="Images">
            {data.items.map((image) => (
              <li key={image.id}>
                <ImageCard image={image} projectId={projectId} />
              </li>
            ))}
          </ul>
          {(page > 1 || data.nextCursor) && (
            <nav aria-label="Pages" className="mt-5 flex items-center justify-between text-[13px] text-zinc-500">
              <span className="tabular-nums">
                {firstIndex}–{firstIndex + data.items.length - 1} of {data.total}
              </span>
              <div className="flex gap-2">
                <Button variant="secondary" size="sm" disabled={page === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                  <ChevronLeftIcon className="size-4" />
                  Previous
                </Button>
                <Button variant="secondary" size="sm" disabled={!data.nextCursor} onClick={() => data.nextCursor && setCursors([...cursors, data.nextCursor])}>
                  Next
                  <ChevronRightIcon className="size-4" />
                </Button>
              </div>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

function SortToggle({ value, onChange }: { value: Sort; onChange: (sort: Sort) => void }) {
  const options: { value: Sort; label: string }[] = [
    { value: "upload", label: "Upload order" },
    { value: "score", label: "Most uncertain" },
  ];
  return (
    <div role="group" aria-label="Sort" className="inline-flex rounded-lg border border-zinc-200 bg-white p-0.5 shadow-xs">
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === value}
          onClick={() => onChange(option.value)}
          className={cn("rounded-md px-2.5 py-1 text-[13px] font-medium transition-colors", option.value === value ? "bg-zinc-900 text-white" : "text-zinc-600 hover:text-zinc-900")}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

interface StatusFilterProps {
  value: ImageStatus | null;
  onChange: (status: ImageStatus | null) => void;
  counts: Partial<Record<ImageStatus, number>> | undefined;
}

function StatusFilter({ value, onChange, counts }: StatusFilterProps) {
  const options: { value: ImageStatus | null; label: string; count: number | undefined }[] = [
    { value: null, label: "All", count: counts && IMAGE_STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0) },
    ...IMAGE_STATUSES.map((s) => ({ value: s, label: imageStatusMeta[s].label, count: counts ? (counts[s] ?? 0) : undefined })),
  ];
  return (
    <div role="group" aria-label="Filter by status" className="inline-flex flex-wrap rounded-lg border border-zinc-200 bg-white p-0.5 shadow-xs">
      {options.map((option) => {
        const checked = option.value === value;
        return (
          <button
            key={option.label}
            type="button"
            aria-pressed={checked}
            onClick={() => onChange(isImageStatus(option.value) ? option.value : null)}
            className={cn("rounded-md px-2.5 py-1 text-[13px] font-medium transition-colors", checked ? "bg-zinc-900 text-white" : "text-zinc-600 hover:text-zinc-900")}
          >
            {option.label}
            {option.count !== undefined && <span className={cn("ml-1.5 tabular-nums", checked ? "text-zinc-300" : "text-zinc-400")}>{option.count}</span>}
          </button>
        );
      })}
    </div>
  );
}

function ImageCard({ image, projectId }: { image: ImageItem; projectId: string }) {
  const meta = isImageStatus(image.status) ? imageStatusMeta[image.status] : { label: image.status, tone: "neutral" as const };
  return (
    <figure className="group overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs" data-image-id={image.id}>
      <div className="relative aspect-square bg-zinc-900">
        {image.thumbnailUrl ? (
          // A plain <img>: thumbnails come from our own authenticated route, next/image would only proxy them again.
          <img src={image.thumbnailUrl} alt={image.name} loading="lazy" decoding="async" className="size-full object-contain" data-testid="image-thumbnail" />
        ) : (
          <div className="flex size-full flex-col items-center justify-center gap-2 bg-zinc-100 text-xs text-zinc-500" data-testid="thumbnail-pending">
            <Spinner className="size-4" />
            Preparing preview…
          </div>
        )}
        <Badge tone={meta.tone} className="absolute top-2 left-2 shadow-xs">
          {meta.label}
        </Badge>
      </div>
      <figcaption className="px-2.5 py-2">
        <div className="truncate text-xs font-medium text-zinc-800" title={image.name}>
          {image.name}
        </div>
        <div className="text-[11px] text-zinc-500 tabular-nums">
          {image.width} × {image.height}
        </div>
        {image.score && (
          <div className="truncate text-[11px] text-zinc-600 tabular-nums" title={formatParts(image.score)} data-testid="image-score">
            {formatRank(image.score)}
          </div>
        )}
        {image.status === "skipped" && <ReturnToQueue projectId={projectId} imageId={image.id} name={image.name} />}
      </figcaption>
    </figure>
  );
}

/** Leads undo a skip: the image goes back to the annotation queue (the reason stays in the audit log). */
function ReturnToQueue({ projectId, imageId, name }: { projectId: string; imageId: string; name: string }) {
  const project = useProject();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unskip = useMutation(
    trpc.annotation.unskip.mutationOptions({
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.image.list.pathFilter()),
          queryClient.invalidateQueries(trpc.project.byId.queryFilter({ projectId })),
        ]),
    }),
  );
  if (!hasRole(project.role, "lead")) return null;
  return (
    <div className="mt-1.5">
      <Button variant="secondary" size="sm" pending={unskip.isPending} onClick={() => unskip.mutate({ projectId, imageId })} aria-label={`Return ${name} to the queue`}>
        Return to queue
      </Button>
      {unskip.error && <p className="mt-1 text-[11px] text-red-700" role="alert">{errorMessage(unskip.error)}</p>}
    </div>
  );
}

function GridSkeleton() {
  return (
    <div className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6" aria-label="Loading images">
      {Array.from({ length: 12 }, (_, i) => (
        <div key={i} className="overflow-hidden rounded-lg border border-zinc-200 bg-white">
          <Skeleton className="aspect-square rounded-none" />
          <div className="space-y-1.5 p-2.5">
            <Skeleton className="h-3 w-3/4" />
            <Skeleton className="h-2.5 w-1/3" />
          </div>
        </div>
      ))}
    </div>
  );
}
