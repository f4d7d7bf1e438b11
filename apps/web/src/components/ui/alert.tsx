import type { ReactNode } from "react";
import { cn } from "./cn";

const tones = {
  error: "border-red-200 bg-red-50 text-red-800",
  info: "border-zinc-200 bg-zinc-50 text-zinc-700",
  success: "border-accent-200 bg-accent-50 text-accent-800",
} as const;

/** Inline message; errors are announced to screen readers. */
export function Alert({ tone = "error", children, className }: { tone?: keyof typeof tones; children: ReactNode; className?: string }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("rounded-md border px-3 py-2 text-[13px] leading-5", tones[tone], className)}>
      {children}
    </div>
  );
}
