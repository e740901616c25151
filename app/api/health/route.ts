import { checkHealth } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth();
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (report.status !== "ok") headers["retry-after"] = "5";
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers });
}
