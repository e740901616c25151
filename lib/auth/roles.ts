import { z } from "zod";

export const ROLES = ["owner", "admin", "editor", "viewer"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

export function atLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

/** The less powerful of two roles. */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}

export function parseRole(value: string): Role {
  const parsed = Role.safeParse(value);
  // A role column holding anything else is treated as the least privilege, never more.
  return parsed.success ? parsed.data : "viewer";
}
