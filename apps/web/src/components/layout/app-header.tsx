import Link from "next/link";
import { signOutAction } from "@/lib/server/auth-actions";
import { LogOutIcon, LogoMark } from "@/components/ui/icons";
import { ProjectBreadcrumb } from "./project-breadcrumb";

export interface HeaderUser {
  name: string | null;
  email: string;
  isInstanceAdmin: boolean;
}

function initials(user: HeaderUser): string {
  const source = user.name?.trim() || user.email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts[1]?.[0] ?? "")).toUpperCase() || "?";
}

export function AppHeader({ user }: { user: HeaderUser }) {
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur">
      <a href="#main" className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50">
        Skip to content
      </a>
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:px-6">
        <Link href="/projects" className="flex shrink-0 items-center gap-2 rounded-md pr-1 text-[15px] font-semibold tracking-tight text-zinc-900">
          <LogoMark className="size-6" />
          ClickLoop
        </Link>
        <ProjectBreadcrumb />
        <div className="ml-auto flex shrink-0 items-center gap-3">
          <div className="hidden text-right leading-tight sm:block">
            <div className="text-[13px] font-medium text-zinc-800">{user.name ?? user.email}</div>
            <div className="text-[11px] text-zinc-500">{user.isInstanceAdmin ? "Instance admin" : user.email}</div>
          </div>
          <Link href="/account" aria-label="Account" title="Account and security" className="grid size-8 place-items-center rounded-full bg-accent-100 text-xs font-semibold text-accent-800 hover:bg-accent-200">
            {initials(user)}
          </Link>
          <form action={signOutAction}>
            <button
              type="submit"
              aria-label="Sign out"
              className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-[13px] font-medium whitespace-nowrap text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
            >
              <LogOutIcon className="size-4" />
              <span className="hidden sm:inline">Sign out</span>
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
