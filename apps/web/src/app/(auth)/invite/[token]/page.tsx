import type { Metadata } from "next";
import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { roleLabel } from "@/lib/roles";
import { getServerCaller } from "@/lib/server/caller";

export const metadata: Metadata = { title: "Accept invitation" };

async function loadInvitation(token: string) {
  const caller = await getServerCaller();
  try {
    return await caller.invitation.byToken({ token });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST" || error.code === "PRECONDITION_FAILED")) return null;
    throw error;
  }
}

export default async function InvitePage({ params }: PageProps<"/invite/[token]">) {
  const { token } = await params;
  const invitation = await loadInvitation(token);

  if (!invitation) {
    return (
      <AuthCard title="This invitation is no longer valid" description="It may have been revoked, already used, or mistyped. Ask your project lead for a new link.">
        <Link href="/sign-in" className={buttonClass("secondary", "md", "w-full")}>
          Go to sign in
        </Link>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={`Join ${invitation.projectName}`}
      description={
        <span className="inline-flex flex-wrap items-center gap-1.5">
          You have been invited as <Badge tone="accent">{roleLabel(invitation.role)}</Badge>
        </span>
      }
      footer="Your account is created when you accept."
    >
      <AcceptInvitationForm token={token} email={invitation.email} />
    </AuthCard>
  );
}
