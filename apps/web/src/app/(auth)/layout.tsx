import type { ReactNode } from "react";
import { LogoMark } from "@/components/ui/icons";

/** Centered card layout for the signed-out pages. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col bg-[radial-gradient(ellipse_at_top,var(--color-accent-50),transparent_60%)]">
      <main className="flex flex-1 flex-col items-center justify-center px-4 py-12">
        <div className="mb-8 flex items-center gap-2.5">
          <LogoMark className="size-8" />
          <span className="text-lg font-semibold tracking-tight text-zinc-900">ClickLoop</span>
        </div>
        <div className="w-full max-w-sm">{children}</div>
      </main>
      <footer className="pb-6 text-center text-xs text-zinc-400">Interactive segmentation for medical imaging teams</footer>
    </div>
  );
}
