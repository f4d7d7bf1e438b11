"use client";
// Project settings (admins). The form sends only the keys that changed, so one setting never
// resets another.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useProject } from "@/components/project/project-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField, TextField } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { hasRole } from "@/lib/roles";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { changedSettings, type Draft } from "./changed-settings";

function Row({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-3 py-4 sm:grid-cols-[1fr_16rem] sm:items-center">
      <div>
        <p className="text-[13px] font-medium text-zinc-900">{title}</p>
        <p className="mt-0.5 text-[12px] text-zinc-500">{description}</p>
      </div>
      <div>{children}</div>
    </div>
  );
}

export function SettingsView({ projectId }: { projectId: string }) {
  const project = useProject();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = hasRole(project.role, "admin");
  const current = useQuery(trpc.project.byId.queryOptions({ projectId }));
  const [draft, setDraft] = useState<Draft | null>(null);
  const saved = current.data?.settings;
  useEffect(() => {
    if (saved && !draft) setDraft({ requireReview: saved.requireReview, overlap: saved.overlap, autoTrainThreshold: String(saved.autoTrainThreshold) });
  }, [saved, draft]);
  const update = useMutation(
    trpc.project.update.mutationOptions({
      onSuccess: async (project) => {
        setDraft({ requireReview: project.settings.requireReview, overlap: project.settings.overlap, autoTrainThreshold: String(project.settings.autoTrainThreshold) });
        await queryClient.invalidateQueries({ queryKey: trpc.project.byId.queryKey({ projectId }) });
      },
    }),
  );

  if (!isAdmin) return <EmptyState title="Settings are for the project's admins">Ask an admin to change review, overlap or training settings.</EmptyState>;
  if (current.isError) return <Alert>{errorMessage(current.error)}</Alert>;
  if (!saved || !draft) return <Skeleton className="h-72 w-full" />;
  const changes = changedSettings(saved, draft);
  const threshold = Number(draft.autoTrainThreshold);
  const thresholdError = Number.isInteger(threshold) && threshold >= 1 && threshold <= 100_000 ? undefined : "A whole number from 1 to 100 000.";
  const dirty = Object.keys(changes).length > 0;

  return (
    <form
      className="max-w-3xl rounded-lg border border-zinc-200 bg-white px-5 py-2 shadow-xs"
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty && !thresholdError) update.mutate({ projectId, settings: changes });
      }}
      data-testid="settings-form"
    >
      <div className="divide-y divide-zinc-100">
        <Row title="Review required" description="Submitted masks count as ground truth (and train the model) only after a lead accepts them.">
          <label className="flex items-center gap-2 text-[13px] text-zinc-700">
            <input type="checkbox" checked={draft.requireReview} onChange={(e) => setDraft({ ...draft, requireReview: e.target.checked })} className="accent-teal-700" data-testid="setting-review" />
            Leads review every submission
          </label>
        </Row>
        <Row title="Annotators per image" description="With 2, every image is annotated by two different annotators; review shows both masks and their Dice.">
          <SelectField label="Overlap" value={String(draft.overlap)} onChange={(e) => setDraft({ ...draft, overlap: e.target.value === "2" ? 2 : 1 })} data-testid="setting-overlap">
            <option value="1">1 — one annotator</option>
            <option value="2">2 — consensus of two</option>
          </SelectField>
        </Row>
        <Row title="Automatic training" description="A training round starts after this many newly accepted masks.">
          <TextField label="Accepted masks per round" type="number" min={1} max={100000} value={draft.autoTrainThreshold} error={thresholdError} onChange={(e) => setDraft({ ...draft, autoTrainThreshold: e.target.value })} data-testid="setting-threshold" />
        </Row>
        <Row title="Queue strategy" description="The order in which the queue serves images to annotators.">
          {/* TODO(al-app): queueStrategy and pre-annotation settings go here once the active-learning settings are in main. */}
          <p className="text-[13px] text-zinc-500">Upload order (active-learning ordering is not available in this build).</p>
        </Row>
      </div>
      <div className="flex items-center justify-end gap-3 border-t border-zinc-100 py-3">
        {update.isSuccess && !dirty && <span className="text-[12px] text-emerald-700">Saved</span>}
        {update.error && <span className="text-[12px] text-red-700">{errorMessage(update.error)}</span>}
        <Button type="button" variant="ghost" disabled={!dirty} onClick={() => setDraft({ requireReview: saved.requireReview, overlap: saved.overlap, autoTrainThreshold: String(saved.autoTrainThreshold) })}>
          Discard
        </Button>
        <Button type="submit" disabled={!dirty || !!thresholdError} pending={update.isPending} data-testid="save-settings">
          Save changes
        </Button>
      </div>
    </form>
  );
}
