"use client";
// The review queue: submissions oldest first, one at a time. A decision moves on to the next;
// J/K walk the queue without deciding.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useProject } from "@/components/project/project-context";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { CheckIcon } from "@/components/ui/icons";
import { Skeleton } from "@/components/ui/skeleton";
import { hasRole } from "@/lib/roles";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { ReviewScreen } from "./review-screen";

export function ReviewView({ projectId }: { projectId: string }) {
  const project = useProject();
  const trpc = useTRPC();
  const canReview = hasRole(project.role, "lead");
  const list = useQuery({ ...trpc.review.list.queryOptions({ projectId, status: "submitted", limit: 200 }), enabled: canReview, refetchInterval: 20_000 });
  const [currentId, setCurrentId] = useState<string | null>(null);
  const items = list.data ?? [];
  const found = items.findIndex((i) => i.id === currentId);
  // After a decision the item leaves the list: the same position holds the next one.
  const lastIndex = useRef(0);
  const index = found >= 0 ? found : Math.min(lastIndex.current, Math.max(0, items.length - 1));
  lastIndex.current = index;
  const current = items[index] ?? null;

  useEffect(() => {
    if (current && current.id !== currentId) setCurrentId(current.id);
  }, [current, currentId]);

  if (!canReview) {
    return <EmptyState title="Review is for leads and admins">Your submissions are reviewed by the project&apos;s leads; rejected masks come back to your queue with the reason.</EmptyState>;
  }
  if (list.isError) return <Alert>Could not load the review queue: {errorMessage(list.error)}</Alert>;
  if (list.isPending) return <Skeleton className="h-96 w-full" />;
  if (!current) {
    return (
      <EmptyState
        icon={<CheckIcon className="size-5" />}
        title="Nothing waiting for review"
        action={
          <Link href={`/projects/${projectId}/dashboard`} className={buttonClass("secondary")}>
            Open the dashboard
          </Link>
        }
      >
        Every submitted mask has been reviewed. New submissions appear here as annotators finish them.
      </EmptyState>
    );
  }
  return (
    <ReviewScreen
      key={current.id}
      projectId={projectId}
      projectName={project.name}
      annotationId={current.id}
      position={index + 1}
      total={items.length}
      onDecided={() => undefined}
      onNext={() => setCurrentId(items[(index + 1) % items.length]!.id)}
      onPrevious={() => setCurrentId(items[(index - 1 + items.length) % items.length]!.id)}
    />
  );
}
