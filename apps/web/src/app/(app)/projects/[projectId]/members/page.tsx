import type { Metadata } from "next";
import { MembersView } from "@/components/members/members-view";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: PageProps<"/projects/[projectId]/members">) {
  const { projectId } = await params;
  return <MembersView projectId={projectId} />;
}
