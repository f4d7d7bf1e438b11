"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useProject } from "@/components/project/project-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { MailIcon } from "@/components/ui/icons";
import { PROJECT_ROLES, hasRole, roleDescription, roleLabel, type ProjectRole } from "@/lib/roles";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { CopyLink } from "./copy-link";

export function InviteForm({ projectId }: { projectId: string }) {
  const project = useProject();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<ProjectRole>("annotator");
  // Leads may invite annotators only; admins any role (the server enforces the same rule).
  const roles = PROJECT_ROLES.filter((r) => r === "annotator" || hasRole(project.role, "admin"));

  const invite = useMutation(
    trpc.invitation.create.mutationOptions({
      onSuccess: () => {
        setEmail("");
        void queryClient.invalidateQueries(trpc.invitation.list.queryFilter({ projectId }));
      },
    }),
  );

  // Starting the next invitation puts the previous link away (it was shown once, as promised).
  function onEmailChange(value: string) {
    setEmail(value);
    if (invite.data || invite.error) invite.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    invite.mutate({ projectId, email: email.trim(), role });
  }

  return (
    <section aria-labelledby="invite-heading" className="rounded-xl border border-zinc-200 bg-white p-5 shadow-xs">
      <h2 id="invite-heading" className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
        <MailIcon className="size-4 text-zinc-500" />
        Invite a colleague
      </h2>
      <p className="mt-1 text-xs text-zinc-500">ClickLoop does not send email: share the link yourself. It works once and expires.</p>
      <form onSubmit={submit} className="mt-4 space-y-4">
        <TextField label="Email" type="email" name="email" required value={email} onChange={(e) => onEmailChange(e.target.value)} placeholder="name@hospital.org" autoComplete="off" />
        <SelectField label="Role" name="role" value={role} onChange={(e) => setRole(e.target.value as ProjectRole)} hint={roleDescription(role)}>
          {roles.map((r) => (
            <option key={r} value={r}>{roleLabel(r)}</option>
          ))}
        </SelectField>
        {invite.isError && <Alert>{errorMessage(invite.error)}</Alert>}
        <Button type="submit" pending={invite.isPending} disabled={!email.trim()} className="w-full">
          Create invitation link
        </Button>
      </form>
      {invite.data && (
        <div className="mt-4 rounded-lg border border-accent-200 bg-accent-50 p-3">
          <p className="text-xs font-medium text-accent-800">Invitation created. Copy the link now: it is shown only once.</p>
          <CopyLink url={absoluteUrl(invite.data.url)} />
        </div>
      )}
    </section>
  );
}

/** The API may return a path; the person receiving the link needs the full address. */
function absoluteUrl(url: string): string {
  return new URL(url, window.location.origin).toString();
}
