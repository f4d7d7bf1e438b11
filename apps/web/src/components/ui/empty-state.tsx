import type { ReactNode } from "react";

export function EmptyState({ icon, title, children, action }: { icon?: ReactNode; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
      {icon && <div className="mb-3 rounded-full bg-zinc-100 p-2.5 text-zinc-500">{icon}</div>}
      <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
      {children && <div className="mt-1 max-w-sm text-[13px] text-zinc-500">{children}</div>}
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}
