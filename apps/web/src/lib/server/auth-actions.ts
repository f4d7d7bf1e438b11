"use server";

import { signIn, signOut } from "@clickloop/auth";
import { clientAddress, throttleDelay } from "@clickloop/auth/core";
import { getDb } from "@clickloop/db";
import { headers } from "next/headers";
import { TRPCError } from "@trpc/server";
import { AuthError } from "next-auth";
import { z } from "zod";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { getServerCaller } from "./caller";

export interface FormState {
  error?: string;
  fieldErrors?: Record<string, string | undefined>;
  /** Echoed back so the form keeps what the user typed (passwords are never echoed). */
  values?: Record<string, string>;
}

const emailSchema = z.email("Enter a valid email address.").trim().toLowerCase();
const passwordSchema = z.string().min(8, "Use at least 8 characters.").max(200);

function text(formData: FormData, key: string): string {
  const value = formData.get(key);
  return typeof value === "string" ? value : "";
}

function fieldErrors(error: z.ZodError): Record<string, string | undefined> {
  const errors: Record<string, string | undefined> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Signs in and redirects; returns a message for the form when the credentials are wrong. */
async function signInOrExplain(email: string, password: string, redirectTo: string): Promise<FormState> {
  try {
    await signIn("credentials", { email, password, redirectTo });
  } catch (error) {
    // signIn redirects by throwing; only Auth.js errors are ours to explain.
    if (error instanceof AuthError) {
      const throttled = error.type === "CredentialsSignin" && (await throttleDelay(getDb(), { email, ip: clientAddress(await headers()) })) > 0;
      return {
        error: throttled
          ? "Too many failed attempts for this account or network. Wait 15 minutes and try again."
          : error.type === "CredentialsSignin"
            ? "Incorrect email or password."
            : "Sign-in failed. Please try again.",
        values: { email },
      };
    }
    throw error;
  }
  return {};
}

function trpcMessage(error: unknown): string | null {
  return error instanceof TRPCError ? error.message : null;
}

const signInSchema = z.object({ email: emailSchema, password: z.string().min(1, "Enter your password.") });

export async function signInWithPassword(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = signInSchema.safeParse({ email: text(formData, "email"), password: text(formData, "password") });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values: { email: text(formData, "email") } };
  return signInOrExplain(parsed.data.email, parsed.data.password, safeRedirectPath(formData.get("callbackUrl")));
}

const firstAdminSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120),
  email: emailSchema,
  password: passwordSchema,
});

export async function registerFirstAdmin(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = { name: text(formData, "name"), email: text(formData, "email") };
  const parsed = firstAdminSchema.safeParse({ ...values, password: text(formData, "password") });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values };
  try {
    const caller = await getServerCaller();
    await caller.auth.registerFirstAdmin({ ...parsed.data, setupToken: text(formData, "setupToken") || undefined });
  } catch (error) {
    const message = trpcMessage(error);
    if (message) return { error: message, values };
    throw error;
  }
  return signInOrExplain(parsed.data.email, parsed.data.password, "/projects");
}

const acceptSchema = z.object({
  token: z.string().min(1),
  name: z.string().trim().min(1, "Enter your name.").max(120),
  password: passwordSchema,
});

export async function acceptInvitation(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = { name: text(formData, "name") };
  const parsed = acceptSchema.safeParse({ token: text(formData, "token"), name: values.name, password: text(formData, "password") });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values };
  let accepted: { email: string; projectId: string };
  try {
    const caller = await getServerCaller();
    accepted = await caller.invitation.accept(parsed.data);
  } catch (error) {
    const message = trpcMessage(error);
    if (message) return { error: message, values };
    throw error;
  }
  return signInOrExplain(accepted.email, parsed.data.password, `/projects/${accepted.projectId}`);
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
