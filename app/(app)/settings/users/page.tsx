import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { AddUserForm } from "@/components/users/add-user-form";
import { UsersTable } from "@/components/users/users-table";
import { assignableRoles } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { getPrisma } from "@/lib/db/client";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requirePageActor("users.manage", "/settings/users");
  const users = await listUsers(await getPrisma(), actor);
  const roles = assignableRoles(actor);
  return (
    <>
      <PageHeader title="Users" description="Everyone who can sign in to this Origin Watch. A role decides what they can see and change." />
      <UsersTable users={users} assignableRoles={roles} currentUserId={actor.id} />
      <AddUserForm roles={roles} />
    </>
  );
}
