import type { Role } from "@/lib/auth/roles";

export const ROLE_LABEL: Record<Role, string> = { owner: "Owner", admin: "Admin", editor: "Editor", viewer: "Viewer" };

// The README's role table, one sentence each.
export const ROLE_SUMMARY: Record<Role, string> = {
  viewer: "Sees every dashboard, backend and incident; changes nothing.",
  editor: "Also manages sources, backends, events, alert rules, incidents and share links.",
  admin: "Also manages users and API tokens.",
  owner: "Everything, including making or removing owners.",
};

export function RoleBadge({ role }: { role: Role }) {
  const tone = role === "owner" || role === "admin" ? "badge badge-accent" : "badge";
  return <span className={tone}>{ROLE_LABEL[role]}</span>;
}
