"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentType, SVGProps } from "react";
import { cn } from "@/components/ui/cn";
import { ChartIcon, CheckIcon, CursorClickIcon, DownloadIcon, GaugeIcon, ImageIcon, SettingsIcon, UsersIcon } from "@/components/ui/icons";
import { hasRole, type ProjectRole } from "@/lib/roles";
import { useProject } from "./project-context";

interface Tab {
  label: string;
  segment: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
  /** Hidden below this role (the pages check again). */
  minRole?: ProjectRole;
}

const TABS: Tab[] = [
  { label: "Images", segment: "", icon: ImageIcon },
  { label: "Annotate", segment: "annotate", icon: CursorClickIcon },
  { label: "Review", segment: "review", icon: CheckIcon, minRole: "lead" },
  { label: "Dashboard", segment: "dashboard", icon: GaugeIcon, minRole: "lead" },
  { label: "Model", segment: "model", icon: ChartIcon },
  { label: "Export", segment: "export", icon: DownloadIcon, minRole: "lead" },
  { label: "Members", segment: "members", icon: UsersIcon },
  { label: "Settings", segment: "settings", icon: SettingsIcon, minRole: "admin" },
];

export function ProjectTabs({ projectId }: { projectId: string }) {
  const pathname = usePathname();
  const { role } = useProject();
  const base = `/projects/${projectId}`;
  return (
    <nav aria-label="Project sections" className="-mb-px flex gap-1 overflow-x-auto">
      {TABS.filter((tab) => !tab.minRole || hasRole(role, tab.minRole)).map((tab) => {
        const href = tab.segment ? `${base}/${tab.segment}` : base;
        const active = tab.segment ? pathname.startsWith(href) : pathname === base;
        const Icon = tab.icon;
        return (
          <Link
            key={tab.label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "inline-flex items-center gap-1.5 border-b-2 px-3 pt-1 pb-2.5 text-[13px] font-medium transition-colors",
              active ? "border-accent-700 text-zinc-900" : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800",
            )}
          >
            <Icon className="size-4" />
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
