import type { Metadata } from "next";
import { DashboardView } from "@/components/dashboard/dashboard-view";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ params }: PageProps<"/projects/[projectId]/dashboard">) {
  const { projectId } = await params;
  return <DashboardView projectId={projectId} />;
}
