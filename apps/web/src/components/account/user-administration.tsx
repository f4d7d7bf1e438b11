"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/lib/format";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

/** Instance admins: every account, with disable/enable (disabling ends its sessions at once). */
export function UserAdministration({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.user.list.queryOptions());
  const setDisabled = useMutation(
    trpc.user.setDisabled.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.user.list.queryFilter()) }),
  );

  return (
    <section aria-labelledby="users-heading" className="space-y-3">
      <h2 id="users-heading" className="text-lg font-semibold text-zinc-900">Accounts on this instance</h2>
      {list.isError && <Alert>Could not load accounts: {errorMessage(list.error)}</Alert>}
      {setDisabled.error && <Alert>{errorMessage(setDisabled.error)}</Alert>}
      <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs">
        <table className="w-full text-left text-[13px]">
          <thead className="border-b border-zinc-200 bg-zinc-50/70 text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">Account</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Created</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
              <th scope="col" className="px-4 py-2.5"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {list.data?.map((u) => (
              <tr key={u.id}>
                <td className="px-4 py-3">
                  <div className="font-medium text-zinc-900">{u.name ?? u.email}</div>
                  <div className="text-xs text-zinc-500">{u.email}{u.isInstanceAdmin ? " · instance admin" : ""}</div>
                </td>
                <td className="px-4 py-3 text-zinc-500">{formatDate(u.createdAt)}</td>
                <td className="px-4 py-3">{u.disabledAt ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}</td>
                <td className="px-4 py-3 text-right">
                  {u.id !== currentUserId && (
                    <Button
                      variant="ghost"
                      size="sm"
                      pending={setDisabled.isPending && setDisabled.variables?.userId === u.id}
                      onClick={() => setDisabled.mutate({ userId: u.id, disabled: !u.disabledAt })}
                      aria-label={`${u.disabledAt ? "Enable" : "Disable"} ${u.email ?? u.id}`}
                    >
                      {u.disabledAt ? "Enable" : "Disable"}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
