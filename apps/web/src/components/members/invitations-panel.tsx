"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDate } from "@/lib/format";
import { roleLabel } from "@/lib/roles";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { RouterOutputs } from "@/lib/trpc/types";

type Invitation = RouterOutputs["invitation"]["list"][number];

export function InvitationsPanel({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  // The list holds every invitation ever made; only pending ones need attention here.
  const invitations = useQuery({
    ...trpc.invitation.list.queryOptions({ projectId }),
    select: (rows) => rows.filter((row) => row.status === "pending"),
  });

  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading" className="mb-3 text-sm font-semibold text-zinc-900">
        Pending invitations
        {invitations.data && <span className="ml-2 font-normal text-zinc-500 tabular-nums">{invitations.data.length}</span>}
      </h2>
      {invitations.isError && <Alert>Could not load invitations: {errorMessage(invitations.error)}</Alert>}
      {invitations.isPending && <Skeleton className="h-14 w-full" />}
      {invitations.data?.length === 0 && (
        <p className="rounded-xl border border-dashed border-zinc-300 bg-white px-4 py-5 text-center text-[13px] text-zinc-500">No pending invitations.</p>
      )}
      {invitations.data && invitations.data.length > 0 && (
        <ul className="divide-y divide-zinc-100 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs">
          {invitations.data.map((invitation) => (
            <InvitationRow key={invitation.id} projectId={projectId} invitation={invitation} />
          ))}
        </ul>
      )}
    </section>
  );
}

function InvitationRow({ projectId, invitation }: { projectId: string; invitation: Invitation }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.invitation.revoke.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.invitation.list.queryFilter({ projectId })),
    }),
  );
  return (
    <li className="flex items-center gap-3 px-4 py-3 text-[13px]">
      <div className="min-w-0 flex-1">
        <div className="truncate font-medium text-zinc-900">{invitation.email}</div>
        <div className="text-xs text-zinc-500">
          Invited {formatDate(invitation.createdAt)} · expires {formatDate(invitation.expiresAt)}
        </div>
        {revoke.isError && <p className="mt-1 text-xs text-red-700" role="alert">{errorMessage(revoke.error)}</p>}
      </div>
      <Badge>{roleLabel(invitation.role)}</Badge>
      <Button variant="ghost" size="sm" pending={revoke.isPending} onClick={() => revoke.mutate({ projectId, invitationId: invitation.id })}>
        Revoke
      </Button>
    </li>
  );
}
