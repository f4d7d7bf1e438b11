"use client";
import type { ReactNode } from "react";
import { DownloadIcon } from "@/components/ui/icons";
import { downloadCsv } from "./csv";

export function ChartCard({
  title,
  hint,
  csvName,
  csvRows,
  children,
  testId,
}: {
  title: string;
  hint?: string;
  csvName: string;
  csvRows: Record<string, string | number | null>[];
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs" data-testid={testId}>
      <header className="mb-3 flex items-start justify-between gap-3">
        <div>
          <h3 className="text-[13px] font-semibold text-zinc-900">{title}</h3>
          {hint && <p className="mt-0.5 text-[12px] text-zinc-500">{hint}</p>}
        </div>
        <button
          type="button"
          onClick={() => downloadCsv(csvName, csvRows)}
          disabled={csvRows.length === 0}
          className="inline-flex items-center gap-1 rounded-md border border-zinc-200 px-2 py-1 text-[12px] text-zinc-600 hover:bg-zinc-50 disabled:opacity-40"
          title="Download the data behind this chart"
          data-testid="csv-download"
        >
          <DownloadIcon className="size-3.5" /> CSV
        </button>
      </header>
      {children}
    </section>
  );
}

export function Stat({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs">
      <p className="text-[12px] text-zinc-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums" data-testid={testId}>
        {value}
      </p>
      {detail && <p className="mt-0.5 text-[12px] text-zinc-500">{detail}</p>}
    </div>
  );
}
