import { route, readJson } from "@/lib/http/handler";
import { FORM_BODY_LIMIT } from "@/lib/wire/body";
import { assertSetupOpen, setupFirstOwner } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

// Public on purpose: it only works while no user exists (the first-run setup). Once it is done
// it answers 409 before reading the body; before that the body is capped like a sign-in form.
export const POST = route({ permission: null }, async ({ req, prisma }) => {
  await assertSetupOpen(prisma);
  const user = await setupFirstOwner(prisma, await readJson(req, { bytes: FORM_BODY_LIMIT }));
  return Response.json({ user }, { status: 201 });
});
