import type { ReactNode } from "react";

export function AuthCard({ title, description, children, footer }: { title: string; description?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <section className="rounded-xl border border-zinc-200 bg-white shadow-sm">
      <div className="px-6 pt-6 pb-5">
        <h1 className="text-base font-semibold text-zinc-900">{title}</h1>
        {description && <p className="mt-1 text-[13px] leading-5 text-zinc-500">{description}</p>}
        <div className="mt-5">{children}</div>
      </div>
      {footer && <div className="rounded-b-xl border-t border-zinc-100 bg-zinc-50/60 px-6 py-3 text-xs text-zinc-500">{footer}</div>}
    </section>
  );
}
