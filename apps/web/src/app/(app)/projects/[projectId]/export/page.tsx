import type { Metadata } from "next";
import { ExportView } from "@/components/export/export-view";

export const metadata: Metadata = { title: "Export" };

export default async function ExportPage({ params }: PageProps<"/projects/[projectId]/export">) {
  const { projectId } = await params;
  return <ExportView projectId={projectId} />;
}
