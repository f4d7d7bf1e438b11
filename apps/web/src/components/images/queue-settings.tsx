"use client";
// Admins choose the queue order and whether annotators start from pre-annotations (until the
// project settings page shows these too). Sends the complete settings object, never a partial one.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { QUEUE_STRATEGY_SETTINGS, type QueueStrategySetting } from "@clickloop/db/vocabulary";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

const LABELS: Record<QueueStrategySetting, string> = {
  auto: "Automatic (uncertainty once trained, else diversity)",
  uncertainty: "Most uncertain first",
  diversity: "Diversity",
  random: "Random (seeded)",
  upload: "Upload order",
};

export function QueueSettings({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const project = useQuery(trpc.project.byId.queryOptions({ projectId }));
  const update = useMutation(
    trpc.project.update.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.project.byId.queryFilter({ projectId }));
        void queryClient.invalidateQueries(trpc.scoring.status.queryFilter({ projectId }));
        void queryClient.invalidateQueries(trpc.image.list.pathFilter());
      },
    }),
  );
  const settings = project.data?.settings;
  if (!settings) return null;
  return (
    <div className="flex flex-wrap items-center gap-3 text-[12px] text-zinc-600" data-testid="queue-settings">
      <label className="flex items-center gap-1.5">
        Queue order
        <select
          className="rounded-md border border-zinc-200 bg-white px-1.5 py-0.5 text-[12px]"
          value={settings.queueStrategy}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ projectId, settings: { ...settings, queueStrategy: e.target.value as QueueStrategySetting } })}
        >
          {QUEUE_STRATEGY_SETTINGS.map((s) => (
            <option key={s} value={s}>
              {LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1.5">
        <input
          type="checkbox"
          checked={settings.preAnnotation}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ projectId, settings: { ...settings, preAnnotation: e.target.checked } })}
        />
        Start from pre-annotations
      </label>
      {update.isError && <span className="text-red-600">{errorMessage(update.error)}</span>}
    </div>
  );
}
