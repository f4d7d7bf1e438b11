import type { Metadata } from "next";
import { ModelView } from "@/components/model/model-view";

export const metadata: Metadata = { title: "Model" };

export default async function ModelPage({ params }: PageProps<"/projects/[projectId]/model">) {
  const { projectId } = await params;
  return <ModelView projectId={projectId} />;
}
