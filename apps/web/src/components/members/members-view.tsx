"use client";

import { useProject } from "@/components/project/project-context";
import { hasRole } from "@/lib/roles";
import { InvitationsPanel } from "./invitations-panel";
import { InviteForm } from "./invite-form";
import { MemberTable } from "./member-table";

export function MembersView({ projectId }: { projectId: string }) {
  const project = useProject();
  const canInvite = hasRole(project.role, "lead");
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="min-w-0 space-y-8">
        <MemberTable projectId={projectId} />
        {canInvite && <InvitationsPanel projectId={projectId} />}
      </div>
      {canInvite && (
        <aside>
          <InviteForm projectId={projectId} />
        </aside>
      )}
    </div>
  );
}
