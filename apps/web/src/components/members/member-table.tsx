"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useProject } from "@/components/project/project-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/cn";
import { formatDate } from "@/lib/format";
import { PROJECT_ROLES, hasRole, roleLabel, type ProjectRole } from "@/lib/roles";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { RouterOutputs } from "@/lib/trpc/types";

type Member = RouterOutputs["member"]["list"][number];

export function MemberTable({ projectId }: { projectId: string }) {
  const project = useProject();
  const trpc = useTRPC();
  const members = useQuery(trpc.member.list.queryOptions({ projectId }));
  const canManage = hasRole(project.role, "admin");

  return (
    <section aria-labelledby="members-heading">
      <div className="mb-3">
        <h2 id="members-heading" className="text-sm font-semibold text-zinc-900">
          Members
          {members.data && <span className="ml-2 font-normal text-zinc-500 tabular-nums">{members.data.length}</span>}
        </h2>
        <p className="mt-0.5 text-xs text-zinc-500">Annotators annotate; leads also upload images and invite; admins also manage roles.</p>
      </div>
      {members.isError && <Alert>Could not load members: {errorMessage(members.error)}</Alert>}
      <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs">
        <table className="w-full text-left text-[13px]">
          <thead className="border-b border-zinc-200 bg-zinc-50/70 text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">Name</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Role</th>
              <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Joined</th>
              <th scope="col" className="px-4 py-2.5"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {members.isPending &&
              [0, 1, 2].map((key) => (
                <tr key={key}>
                  <td className="px-4 py-3"><Skeleton className="h-4 w-40" /></td>
                  <td className="px-4 py-3"><Skeleton className="h-4 w-20" /></td>
                  <td className="hidden px-4 py-3 sm:table-cell"><Skeleton className="h-4 w-24" /></td>
                  <td />
                </tr>
              ))}
            {members.data?.map((member) => (
              <MemberRow key={member.userId} projectId={projectId} member={member} canManage={canManage} isSelf={member.userId === project.currentUserId} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MemberRow({ projectId, member, canManage, isSelf }: { projectId: string; member: Member; canManage: boolean; isSelf: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const invalidate = () => queryClient.invalidateQueries(trpc.member.list.queryFilter({ projectId }));
  const updateRole = useMutation(trpc.member.updateRole.mutationOptions({ onSettled: invalidate }));
  const router = useRouter();
  const remove = useMutation(
    trpc.member.remove.mutationOptions({
      onSettled: invalidate,
      // Leaving a project ends access to it.
      onSuccess: () => {
        if (isSelf) router.push("/projects");
      },
    }),
  );
  const error = updateRole.error ?? remove.error;

  return (
    <tr className="align-middle">
      <td className="px-4 py-3">
        <div className="font-medium text-zinc-900">
          {member.name ?? member.email}
          {isSelf && <span className="ml-1.5 text-xs font-normal text-zinc-500">(you)</span>}
        </div>
        <div className="text-xs text-zinc-500">{member.email}</div>
        {error && <p className="mt-1 text-xs text-red-700" role="alert">{errorMessage(error)}</p>}
      </td>
      <td className="px-4 py-3">
        {canManage ? (
          <span className="inline-flex items-center gap-2">
            <select
              aria-label={`Role of ${member.name ?? member.email}`}
              value={member.role}
              disabled={updateRole.isPending}
              onChange={(event) => updateRole.mutate({ projectId, userId: member.userId, role: event.target.value as ProjectRole })}
              className={cn(controlClass, "h-8 w-32 pr-8 text-[13px]")}
            >
              {PROJECT_ROLES.map((role) => (
                <option key={role} value={role}>{roleLabel(role)}</option>
              ))}
            </select>
            <RoleSaveStatus pending={updateRole.isPending} saved={updateRole.isSuccess} label={member.name ?? member.email ?? member.userId} />
          </span>
        ) : (
          <Badge tone={member.role === "admin" ? "accent" : "neutral"}>{roleLabel(member.role)}</Badge>
        )}
      </td>
      <td className="hidden px-4 py-3 text-zinc-500 sm:table-cell">{formatDate(member.joinedAt)}</td>
      <td className="px-4 py-3 text-right">
        {canManage &&
          (confirmRemove ? (
            <span className="inline-flex items-center gap-1.5">
              <Button variant="danger" size="sm" pending={remove.isPending} onClick={() => remove.mutate({ projectId, userId: member.userId })}>
                Remove
              </Button>
              <Button variant="ghost" size="sm" onClick={() => setConfirmRemove(false)}>Cancel</Button>
            </span>
          ) : (
            <Button variant="ghost" size="sm" onClick={() => setConfirmRemove(true)} aria-label={`Remove ${member.name ?? member.email}`}>
              Remove
            </Button>
          ))}
      </td>
    </tr>
  );
}

/** Says whether the last role change reached the server, so nobody leaves the page too early. */
function RoleSaveStatus({ pending, saved, label }: { pending: boolean; saved: boolean; label: string }) {
  return (
    <span role="status" aria-label={`Role save status of ${label}`} className="w-14 text-xs text-zinc-500">
      {pending ? "Saving…" : saved ? "Saved" : ""}
    </span>
  );
}
