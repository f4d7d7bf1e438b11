import type { ReactNode } from "react";

/** Placeholder for project sections that are being built. */
export function ComingSoon({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-xl rounded-xl border border-zinc-200 bg-white p-8 text-center shadow-xs">
      <div className="mx-auto mb-4 grid size-11 place-items-center rounded-full bg-accent-50 text-accent-700">{icon}</div>
      <h2 className="text-base font-semibold text-zinc-900">{title}</h2>
      <div className="mt-2 text-[13px] leading-6 text-zinc-600">{children}</div>
      <p className="mt-5 text-xs font-medium tracking-wide text-zinc-400 uppercase">Coming next</p>
    </div>
  );
}
