import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { FirstAdminForm } from "@/components/auth/first-admin-form";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { getServerCaller } from "@/lib/server/caller";
import { getCurrentUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const { callbackUrl } = await searchParams;
  const target = safeRedirectPath(callbackUrl);
  if (await getCurrentUser()) redirect(target);

  const caller = await getServerCaller();
  const { hasUsers, setupTokenRequired } = await caller.auth.status();

  if (!hasUsers) {
    return (
      <AuthCard
        title="Set up this ClickLoop instance"
        description="No accounts exist yet. Create the first account: it becomes the instance administrator, who creates projects and invites the team."
        footer="You can invite colleagues once you are signed in."
      >
        <FirstAdminForm setupTokenRequired={setupTokenRequired} />
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Sign in" description="Use the email and password of your ClickLoop account." footer="No account? Ask your project lead for an invitation link.">
      <SignInForm callbackUrl={target} />
    </AuthCard>
  );
}
