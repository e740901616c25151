import { route } from "@/lib/http/handler";
import { AuditQuery, auditCsv, listAudit } from "@/lib/audit/read";

export const dynamic = "force-dynamic";

// The audit log, newest first (admins); `format=csv` downloads the same rows.
export const GET = route({ permission: "audit.read", query: AuditQuery }, async ({ prisma, query }) => {
  const entries = await listAudit(prisma, query);
  if (query.format === "csv") {
    return new Response(auditCsv(entries), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="origin-watch-audit-${new Date().toISOString().slice(0, 10)}.csv"` },
    });
  }
  return { entries };
});
