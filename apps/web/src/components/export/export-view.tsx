"use client";
// Exports: choose a format and a filter; the export runs in the background (progress shown) and
// its zip is downloaded from the server as a stream.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useProject } from "@/components/project/project-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField, TextField } from "@/components/ui/field";
import { formatBytes } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

const FORMATS = [
  { value: "png", label: "PNG masks", hint: "A zip of images/ and masks/ with the same file stems (0/255, image size) — re-importable." },
  { value: "coco", label: "COCO JSON (RLE)", hint: "annotations.json with compressed RLE segmentations, plus the images — re-importable." },
  { value: "nifti", label: "NIfTI (.nii.gz)", hint: "One label image per mask; voxel size from the DICOM pixel spacing where known." },
  { value: "dicom-seg", label: "DICOM SEG", hint: "Binary segmentations referencing the source instances; only images imported from DICOM." },
] as const;
type Format = (typeof FORMATS)[number]["value"];

const STATUS_TONE = { queued: "neutral", running: "blue", succeeded: "green", failed: "red" } as const;

export function ExportView({ projectId }: { projectId: string }) {
  const project = useProject();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canExport = hasRole(project.role, "lead");
  const [format, setFormat] = useState<Format>("png");
  const [acceptedOnly, setAcceptedOnly] = useState(true);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [annotatorId, setAnnotatorId] = useState("");
  const exports = useQuery({
    ...trpc.export.list.queryOptions({ projectId }),
    enabled: canExport,
    refetchInterval: (q) => (q.state.data?.some((e) => e.status === "queued" || e.status === "running") ? 1500 : 15_000),
  });
  const members = useQuery({ ...trpc.member.list.queryOptions({ projectId }), enabled: canExport });
  const create = useMutation(trpc.export.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.export.list.queryKey({ projectId }) }) }));

  if (!canExport) return <EmptyState title="Exports are for leads and admins" />;
  const chosen = FORMATS.find((f) => f.value === format)!;
  return (
    <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
      <form
        className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 shadow-xs"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ projectId, format, filter: { acceptedOnly, from: from || null, to: to || null, annotatorId: annotatorId || null } });
        }}
        data-testid="export-form"
      >
        <h2 className="text-sm font-semibold text-zinc-900">New export</h2>
        <SelectField label="Format" value={format} onChange={(e) => setFormat(e.target.value as Format)} hint={chosen.hint}>
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </SelectField>
        <label className="flex items-center gap-2 text-[13px] text-zinc-700">
          <input type="checkbox" checked={acceptedOnly} onChange={(e) => setAcceptedOnly(e.target.checked)} className="accent-teal-700" />
          Accepted masks only (otherwise also those waiting for review)
        </label>
        <div className="grid grid-cols-2 gap-3">
          <TextField label="Submitted from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <TextField label="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <SelectField label="Annotator" value={annotatorId} onChange={(e) => setAnnotatorId(e.target.value)}>
          <option value="">Everyone</option>
          {members.data?.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name ?? m.email}
            </option>
          ))}
        </SelectField>
        {create.error && <Alert>{errorMessage(create.error)}</Alert>}
        <Button type="submit" pending={create.isPending} className="w-full" data-testid="start-export">
          Start export
        </Button>
        <p className="text-[12px] text-zinc-500">Each export contains a manifest (image, annotator, review status, model version, clicks, seconds). Requests and downloads are recorded in the audit log.</p>
      </form>

      <section className="rounded-lg border border-zinc-200 bg-white shadow-xs">
        <h2 className="border-b border-zinc-100 px-4 py-3 text-sm font-semibold text-zinc-900">Recent exports</h2>
        {exports.isError && <Alert>{errorMessage(exports.error)}</Alert>}
        {exports.data?.length === 0 && <p className="px-4 py-10 text-center text-[13px] text-zinc-500">No exports yet.</p>}
        <ul className="divide-y divide-zinc-100" data-testid="export-list">
          {exports.data?.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-[13px]" data-testid="export-row" data-status={e.status}>
              <div className="min-w-0 flex-1">
                <p className="font-medium text-zinc-900">
                  {e.formatLabel}
                  <span className="ml-2 font-normal text-zinc-500">
                    {e.filter.acceptedOnly ? "accepted" : "accepted + submitted"}
                    {e.filter.from || e.filter.to ? ` · ${e.filter.from ?? "…"} – ${e.filter.to ?? "…"}` : ""}
                  </span>
                </p>
                <p className="text-[12px] text-zinc-500">
                  {new Date(e.createdAt).toLocaleString("en-GB")} · {e.total} mask{e.total === 1 ? "" : "s"}
                  {e.byteSize !== null && ` · ${formatBytes(e.byteSize)}`}
                </p>
                {e.status === "running" && e.total > 0 && (
                  <div className="mt-1.5 h-1.5 w-48 overflow-hidden rounded-full bg-zinc-100">
                    <div className="h-full rounded-full bg-accent-600" style={{ width: `${Math.round((e.done / e.total) * 100)}%` }} />
                  </div>
                )}
                {e.error && <p className="mt-1 text-[12px] text-red-700">{e.error}</p>}
              </div>
              <Badge tone={STATUS_TONE[e.status]}>{e.status === "running" ? `running ${e.done}/${e.total}` : e.status}</Badge>
              {e.downloadUrl && (
                <a href={e.downloadUrl} className={buttonClass("secondary", "sm")} data-testid="export-download">
                  Download
                </a>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
