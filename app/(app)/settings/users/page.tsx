import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { AddUserForm } from "@/components/users/add-user-form";
import { UsersTable } from "@/components/users/users-table";
import { assignableRoles } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { getPrisma } from "@/lib/db/client";
import { InvitationsSection } from "@/components/invitations/invitations-section";
import { listInvitations } from "@/lib/invitations/invitations";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requirePageActor("users.manage", "/settings/users");
  const prisma = await getPrisma();
  const [users, invitations] = await Promise.all([listUsers(prisma, actor), listInvitations(prisma, actor)]);
  const roles = assignableRoles(actor);
  return (
    <>
      <PageHeader title="Users" description="Everyone who can sign in to this Origin Watch. A role decides what they can see and change." />
      <UsersTable users={users} assignableRoles={roles} currentUserId={actor.id} />
      <InvitationsSection invitations={invitations} roles={roles} />
      <AddUserForm roles={roles} />
    </>
  );
}
