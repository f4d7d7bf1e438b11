"use client";
// Leads see the queue's order and the scoring behind it: which generation is served and the
// progress (n of N) of the one being written after a deployment.
import { useQuery } from "@tanstack/react-query";
import { STRATEGY_LABELS } from "@/lib/score-format";
import { useTRPC } from "@/lib/trpc/react";

const POLL_RUNNING_MS = 3_000;
const POLL_IDLE_MS = 30_000;

const modelName = (n: number) => (n === 0 ? "base model" : `version ${n}`);

export function ScoringStatus({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const status = useQuery({
    ...trpc.scoring.status.queryOptions({ projectId }),
    refetchInterval: (query) => (query.state.data?.running ? POLL_RUNNING_MS : POLL_IDLE_MS),
  });
  const data = status.data;
  if (!data) return null;
  const { active, running } = data;
  return (
    <p className="text-[12px] text-zinc-500" data-testid="scoring-status">
      Queue order: <span className="font-medium text-zinc-700">{STRATEGY_LABELS[data.strategy]}</span>
      {data.requested === "auto" && <span> (automatic)</span>}
      {active ? (
        <span>
          {" "}
          · scored under the {modelName(active.modelNumber)}
          {active.coldStart && " (cold start: no accepted masks yet)"}
        </span>
      ) : (
        !running && <span> · not scored yet</span>
      )}
      {running && (
        <span className="ml-1 text-sky-700" data-testid="scoring-progress">
          · scoring under the {modelName(running.modelNumber)}: <span className="tabular-nums">{running.done} / {running.total}</span>
        </span>
      )}
    </p>
  );
}
