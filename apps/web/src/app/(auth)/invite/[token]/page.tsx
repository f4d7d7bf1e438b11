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

/** The invitation, or why it cannot be used (unknown, used, revoked, expired). */
async function loadInvitation(token: string) {
  const caller = await getServerCaller();
  try {
    return { ok: true as const, invitation: await caller.invitation.byToken({ token }) };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return { ok: false as const, reason: "The link may be mistyped or incomplete." };
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") return { ok: false as const, reason: error.message };
    throw error;
  }
}

export default async function InvitePage({ params }: PageProps<"/invite/[token]">) {
  const { token } = await params;
  const result = await loadInvitation(token);

  if (!result.ok) {
    return (
      <AuthCard title="This invitation cannot be used" description={`${result.reason} Ask your project lead for a new link.`}>
        <Link href="/projects" className={buttonClass("secondary", "md", "w-full")}>
          Open ClickLoop
        </Link>
      </AuthCard>
    );
  }

  const { invitation } = result;
  return (
    <AuthCard
      title={`Join ${invitation.projectName}`}
      description={
        <span className="inline-flex flex-wrap items-center gap-1.5">
          You have been invited as <Badge tone="accent">{roleLabel(invitation.role)}</Badge>
        </span>
      }
      footer={invitation.accountExists ? "You already have an account: the project is added to it." : "Your account is created when you accept."}
    >
      <AcceptInvitationForm token={token} email={invitation.email} accountExists={invitation.accountExists} />
    </AuthCard>
  );
}
