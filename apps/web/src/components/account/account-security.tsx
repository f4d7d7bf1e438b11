"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

/** Both actions end every session of the account, this one included: go to sign-in. */
function toSignIn() {
  window.location.assign("/sign-in");
}

export function AccountSecurity() {
  const trpc = useTRPC();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation(trpc.auth.changePassword.mutationOptions({ onSuccess: toSignIn }));
  const everywhere = useMutation(trpc.auth.signOutEverywhere.mutationOptions({ onSuccess: toSignIn }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    change.mutate({ currentPassword: current, newPassword: next });
  }

  return (
    <section aria-labelledby="security-heading" className="space-y-6">
      <h1 id="security-heading" className="text-lg font-semibold text-zinc-900">Account security</h1>
      <form onSubmit={onSubmit} className="max-w-sm space-y-4 rounded-xl border border-zinc-200 bg-white p-5 shadow-xs">
        <h2 className="text-sm font-semibold text-zinc-900">Change password</h2>
        <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        <TextField label="New password" type="password" autoComplete="new-password" hint="At least 8 characters. You will sign in again on every device." value={next} onChange={(e) => setNext(e.target.value)} required minLength={8} />
        {change.error && <Alert>{errorMessage(change.error)}</Alert>}
        <Button type="submit" pending={change.isPending}>Change password</Button>
      </form>
      <div className="max-w-sm space-y-3 rounded-xl border border-zinc-200 bg-white p-5 shadow-xs">
        <h2 className="text-sm font-semibold text-zinc-900">Sign out everywhere</h2>
        <p className="text-xs text-zinc-500">Ends every session of this account, on every device, this one included.</p>
        {everywhere.error && <Alert>{errorMessage(everywhere.error)}</Alert>}
        <Button variant="secondary" pending={everywhere.isPending} onClick={() => everywhere.mutate()}>Sign out everywhere</Button>
      </div>
    </section>
  );
}
