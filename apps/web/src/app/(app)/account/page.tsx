import type { Metadata } from "next";
import { AccountSecurity } from "@/components/account/account-security";
import { UserAdministration } from "@/components/account/user-administration";
import { requireUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <main className="mx-auto max-w-3xl space-y-10 px-4 py-8 sm:px-6">
      <AccountSecurity />
      {user.isInstanceAdmin && <UserAdministration currentUserId={user.id} />}
    </main>
  );
}
