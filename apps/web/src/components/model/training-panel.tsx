"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { LossCurve } from "./loss-curve";
import { duration, fixed, PHASE_LABELS, type TrainingRun } from "./model-format";

const RUN_TONES: Record<TrainingRun["status"], BadgeTone> = {
  queued: "blue",
  running: "blue",
  succeeded: "green",
  rejected: "amber",
  failed: "red",
  cancelled: "neutral",
};

const RUN_LABELS: Record<TrainingRun["status"], string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Published",
  rejected: "Not published",
  failed: "Failed",
  cancelled: "Cancelled",
};

const isActive = (run: TrainingRun | null | undefined) => run?.status === "queued" || run?.status === "running";

/** The current (or latest) training round, polled while one is active. */
export function TrainingPanel({ projectId, canTrain }: { projectId: string; canTrain: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery({
    ...trpc.training.status.queryOptions({ projectId }),
    refetchInterval: (query) => (isActive(query.state.data?.run) ? 2000 : 15_000),
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.training.status.queryFilter({ projectId })),
      queryClient.invalidateQueries(trpc.model.versions.queryFilter({ projectId })),
    ]);
  const start = useMutation(trpc.training.start.mutationOptions({ onSettled: refresh }));
  const cancel = useMutation(trpc.training.cancel.mutationOptions({ onSettled: refresh }));
  const run = status.data?.run ?? null;
  const active = isActive(run);

  return (
    <section aria-labelledby="training-heading" className="rounded-xl border border-zinc-200 bg-white p-5 shadow-xs">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="training-heading" className="text-sm font-semibold text-zinc-900">
            Training round
          </h2>
          {status.data && (
            <p className="mt-0.5 text-xs text-zinc-500">
              {status.data.acceptedCount} accepted masks · {Math.max(0, status.data.acceptedSinceLastRound)} new since the last round · a round starts
              automatically every {status.data.autoTrainThreshold}
              {status.data.nextRoundThreshold < status.data.autoTrainThreshold && ` (the first after ${status.data.nextRoundThreshold})`}
            </p>
          )}
        </div>
        {canTrain &&
          (active ? (
            <Button variant="secondary" size="sm" pending={cancel.isPending} onClick={() => cancel.mutate({ projectId })}>
              Cancel round
            </Button>
          ) : (
            <Button size="sm" pending={start.isPending} onClick={() => start.mutate({ projectId })}>
              Start training round
            </Button>
          ))}
      </div>
      {(start.error ?? cancel.error ?? status.error) && <Alert className="mt-3">{errorMessage(start.error ?? cancel.error ?? status.error)}</Alert>}
      {status.isPending && <Skeleton className="mt-4 h-24 w-full" />}
      {status.data && !run && <p className="mt-4 text-[13px] text-zinc-500">No round has run yet. Annotators use the base MobileSAM decoder.</p>}
      {run && <RunDetails run={run} />}
    </section>
  );
}

function RunDetails({ run }: { run: TrainingRun }) {
  const p = run.progress;
  const fraction = p && p.totalSteps > 0 ? p.step / p.totalSteps : 0;
  const running = run.status === "running";
  return (
    <div className="mt-4 grid gap-5 md:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="min-w-0 space-y-3">
        <div className="flex flex-wrap items-center gap-2 text-[13px]">
          <Badge tone={RUN_TONES[run.status]}>{RUN_LABELS[run.status]}</Badge>
          <span className="text-zinc-700">{running && p ? phaseLabel(p) : run.trigger === "auto" ? "Started automatically" : "Started by an admin"}</span>
          <span className="text-zinc-400">·</span>
          <span className="text-zinc-500">{new Date(run.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}</span>
        </div>
        <div>
          <div className="h-2 overflow-hidden rounded-full bg-zinc-100" role="progressbar" aria-valuemin={0} aria-valuemax={p?.totalSteps ?? 0} aria-valuenow={p?.step ?? 0} aria-label="Training steps">
            <div className="h-full rounded-full bg-accent-600 transition-[width] duration-500" style={{ width: `${Math.round(fraction * 100)}%` }} />
          </div>
          <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-[13px] sm:grid-cols-4">
            <Stat label="Step" value={p ? `${p.step} / ${p.totalSteps || "—"}` : "—"} />
            <Stat label="Loss" value={fixed(p?.loss ?? null, 3)} />
            <Stat label="Elapsed" value={duration(p?.elapsedMs)} />
            <Stat label={running ? "Remaining (training)" : "λ / μ"} value={running ? duration(p?.etaMs) : p ? `${fixed(p.lambda)} / ${fixed(p.mu)}` : "—"} />
          </dl>
        </div>
        <p className="text-xs text-zinc-500">
          {run.trainCount !== null && run.valCount !== null
            ? `${run.trainCount} training and ${run.valCount} validation images (each image keeps its side; validation images are never trained on).`
            : "Masks and embeddings are loaded when the round starts."}
        </p>
        {run.error && <Alert tone={run.status === "cancelled" ? "info" : "error"}>{run.error}</Alert>}
      </div>
      <div>
        <div className="mb-1 text-xs font-medium text-zinc-600">Loss per step</div>
        <LossCurve values={run.lossCurve} />
      </div>
    </div>
  );
}

/** "Scoring the candidate (12 of 50)": the phase, with its n of N while it has one. */
function phaseLabel(p: NonNullable<TrainingRun["progress"]>): string {
  const label = PHASE_LABELS[p.phase] ?? p.phase;
  return p.phaseProgress && p.phaseProgress.total > 0 ? `${label} (${p.phaseProgress.done} of ${p.phaseProgress.total})` : label;
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-[11px] text-zinc-500">{label}</dt>
      <dd className="font-medium text-zinc-900 tabular-nums">{value}</dd>
    </div>
  );
}
