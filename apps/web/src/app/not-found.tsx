import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60dvh] flex-col items-center justify-center px-4 text-center">
      <p className="text-xs font-semibold tracking-wide text-accent-700 uppercase">404</p>
      <h1 className="mt-2 text-lg font-semibold text-zinc-900">Page not found</h1>
      <p className="mt-1 max-w-sm text-[13px] text-zinc-500">It does not exist, or you are not a member of the project it belongs to.</p>
      <Link href="/projects" className={buttonClass("secondary", "md", "mt-6")}>
        Back to projects
      </Link>
    </main>
  );
}
