"use client";

import { useActionState } from "react";
import { acceptInvitation, type FormState } from "@/lib/server/auth-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

export function AcceptInvitationForm({ token, email, accountExists }: { token: string; email: string; accountExists: boolean }) {
  const [state, action, pending] = useActionState<FormState, FormData>(acceptInvitation, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {state.error && <Alert>{state.error}</Alert>}
      <TextField label="Email" name="email-display" type="email" value={email} readOnly disabled />
      <TextField label="Full name" name="name" autoComplete="name" required autoFocus defaultValue={state.values?.name} error={state.fieldErrors?.name} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete={accountExists ? "current-password" : "new-password"}
        required
        minLength={8}
        hint={accountExists ? "The password of your existing account." : "At least 8 characters."}
        error={state.fieldErrors?.password}
      />
      <Button type="submit" pending={pending} className="w-full">
        Accept invitation
      </Button>
    </form>
  );
}
