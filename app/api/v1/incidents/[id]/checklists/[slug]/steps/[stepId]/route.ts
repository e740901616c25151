import { route, readJson, param } from "@/lib/http/handler";
import { setStep } from "@/lib/incidents/actions";

export const dynamic = "force-dynamic";

export const PUT = route({ permission: "incidents.write" }, async ({ req, actor, params, db }) => {
  await setStep(db.sql, actor, param(params, "id"), param(params, "slug"), param(params, "stepId"), await readJson(req));
  return { ok: true };
});
