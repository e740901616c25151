import type { Role } from "@/lib/auth/roles";
import { ROLE_LABEL } from "@/components/ui/role-badge";

/** Select options for roles, lowest first (the safest choice on top). */
export function roleOptions(roles: readonly Role[]) {
  const order: Role[] = ["viewer", "editor", "admin", "owner"];
  return order.filter((r) => roles.includes(r)).map((r) => ({ value: r, label: ROLE_LABEL[r] }));
}
