// Who an incident can be assigned to, for the incident page's picker: the same set PATCH accepts
// (active users). Names only, no emails or roles: GET /api/v1/users stays admin-only.
import type { SqlQueryable } from "@/lib/db/sql";

export interface Assignee {
  id: string;
  name: string;
}

export async function assignableUsers(q: SqlQueryable): Promise<Assignee[]> {
  return q.query<Assignee>(`SELECT id, coalesce(name, email) AS name FROM users WHERE NOT disabled ORDER BY lower(coalesce(name, email)) LIMIT 500`);
}
