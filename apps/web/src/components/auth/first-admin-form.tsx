"use client";

import { useActionState } from "react";
import { registerFirstAdmin, type FormState } from "@/lib/server/auth-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

export function FirstAdminForm({ setupTokenRequired }: { setupTokenRequired: boolean }) {
  const [state, action, pending] = useActionState<FormState, FormData>(registerFirstAdmin, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error && <Alert>{state.error}</Alert>}
      <TextField label="Full name" name="name" autoComplete="name" required autoFocus defaultValue={state.values?.name} error={state.fieldErrors?.name} />
      <TextField label="Work email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        error={state.fieldErrors?.password}
      />
      {setupTokenRequired && (
        <TextField
          label="Setup token"
          name="setupToken"
          type="password"
          autoComplete="off"
          required
          hint="The SETUP_TOKEN this instance was started with (ask whoever deployed it)."
          error={state.fieldErrors?.setupToken}
        />
      )}
      <Button type="submit" pending={pending} className="w-full">
        Create admin account
      </Button>
    </form>
  );
}
