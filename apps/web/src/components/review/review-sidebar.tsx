"use client";
// What the lead needs to judge a mask besides the picture: who drew it, with how much effort and
// which model, its earlier versions and (consensus) the other annotator's agreement.
import type { RouterOutputs } from "@/lib/trpc/types";
import { formatDateTime, formatSeconds, OUTCOME_STYLE } from "./review-format";

type Detail = RouterOutputs["review"]["item"];

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="flex items-baseline justify-between gap-3 py-1.5">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="text-right font-medium text-zinc-100 tabular-nums" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="border-t border-zinc-800 px-4 py-3.5">
      <h3 className="mb-1.5 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

export function ReviewSidebar({ detail, compareWith, onCompare }: { detail: Detail; compareWith: string | null; onCompare(id: string | null): void }) {
  const a = detail.annotation;
  const area = a.mask ? a.mask.counts.reduce((sum, c, i) => (i % 2 ? sum + c : sum), 0) : 0;
  const share = (area / (detail.image.width * detail.image.height)) * 100;
  return (
    <aside className="flex w-80 shrink-0 flex-col overflow-y-auto border-l border-zinc-800 bg-zinc-900 text-[13px]" data-testid="review-sidebar">
      <div className="px-4 py-3.5">
        <p className="truncate font-medium text-zinc-100" title={detail.image.name}>
          {detail.image.name}
        </p>
        <p className="mt-0.5 text-[12px] text-zinc-500">
          {detail.image.width} × {detail.image.height} px
        </p>
      </div>
      <Section title="Submission">
        <dl>
          <Fact label="Annotator" testId="review-annotator">
            {a.annotator ? (a.annotator.name ?? a.annotator.email) : "Imported"}
          </Fact>
          <Fact label="Submitted">{formatDateTime(a.submittedAt)}</Fact>
          <Fact label="Clicks" testId="review-clicks">
            {a.clickCount}
          </Fact>
          <Fact label="Time spent" testId="review-time">
            {formatSeconds(a.timeSpentMs)}
          </Fact>
          <Fact label="Model" testId="review-model">
            {a.modelLabel ?? "—"}
          </Fact>
          <Fact label="Mask area">
            {area.toLocaleString("en-GB")} px <span className="text-zinc-500">({share.toFixed(1)} %)</span>
          </Fact>
        </dl>
      </Section>
      {detail.others.length > 0 && (
        <Section title="Consensus">
          {detail.others.map((o) => (
            <div key={o.annotationId} className="flex items-center justify-between gap-2 py-1">
              <span className="truncate text-zinc-300">{o.annotatorName ?? "Other annotator"}</span>
              <span className="flex items-center gap-2">
                <span className="font-medium text-zinc-100 tabular-nums" data-testid="consensus-dice">
                  Dice {o.dice === null ? "—" : o.dice.toFixed(3)}
                </span>
                <button
                  type="button"
                  onClick={() => onCompare(compareWith === o.annotationId ? null : o.annotationId)}
                  className={`rounded px-1.5 py-0.5 text-[11px] ${compareWith === o.annotationId ? "bg-amber-400/20 text-amber-200" : "bg-zinc-800 text-zinc-300 hover:bg-zinc-700"}`}
                  title="Show this annotator's mask instead (X)"
                >
                  {compareWith === o.annotationId ? "Shown" : "Compare"}
                </button>
              </span>
            </div>
          ))}
        </Section>
      )}
      <Section title={`History · ${detail.revisions.length} version${detail.revisions.length === 1 ? "" : "s"}`}>
        <ol className="space-y-2.5" data-testid="review-history">
          {[...detail.revisions].reverse().map((r) => (
            <li key={r.id} className="rounded-md bg-zinc-950/60 px-2.5 py-2">
              <div className="flex items-center justify-between gap-2">
                <span className="text-zinc-200">
                  v{r.revision} · {r.kind === "correction" ? "correction" : r.kind === "import" ? "imported" : "submission"}
                </span>
                <span className={`rounded px-1.5 py-0.5 text-[11px] font-medium ${OUTCOME_STYLE[r.outcome] ?? ""}`}>{r.outcome}</span>
              </div>
              <p className="mt-0.5 text-[12px] text-zinc-500">
                {r.authorName ?? "—"} · {formatDateTime(r.createdAt)}
                {r.kind === "submission" && ` · ${r.clickCount} clicks · ${formatSeconds(r.timeSpentMs)}`}
              </p>
              {r.reviewReason && <p className="mt-1 text-[12px] text-red-200/90">“{r.reviewReason}”</p>}
            </li>
          ))}
        </ol>
      </Section>
    </aside>
  );
}
