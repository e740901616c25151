// Where an ingest request carries its source token: the `Authorization: Bearer` header, or, for
// pushers that cannot set headers but can put them in the URL (Cloudflare Logpush's HTTP
// destination turns `header_<Name>=<value>` query parameters into request headers, and some set-ups
// deliver the URL as is), a `header_Authorization=Bearer%20ow_src_…` query parameter.
// https://developers.cloudflare.com/logs/get-started/enable-destinations/http/
//
// A token in a URL ends up in access logs of whatever sits in between, so in production the query
// form is accepted over TLS only: the request URL is https, or the reverse proxy that terminated
// TLS says so in X-Forwarded-Proto. (Spoofing that header on plain HTTP only exposes the sender's
// own token, which it already sent in clear.)
import { AppError } from "@/lib/errors/app-error";

export const TOKEN_QUERY_PARAMETER = "header_Authorization";

function bearer(value: string): string | undefined {
  return value.toLowerCase().startsWith("bearer ") ? value.slice(7).trim() : undefined;
}

function overTls(req: Request, url: URL): boolean {
  if (url.protocol === "https:") return true;
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded === "https";
}

/** The token the request carries; throws `unauthorized` with a hint when it carries none usable. */
export function ingestToken(req: Request, options: { queryNeedsTls: boolean }): string {
  const header = req.headers.get("authorization");
  if (header !== null) {
    const token = bearer(header);
    if (token) return token;
  } else {
    const url = new URL(req.url);
    const fromQuery = url.searchParams.get(TOKEN_QUERY_PARAMETER);
    const token = fromQuery === null ? undefined : bearer(fromQuery);
    if (token) {
      if (options.queryNeedsTls && !overTls(req, url)) {
        throw new AppError("unauthorized", `A token in the ${TOKEN_QUERY_PARAMETER} query parameter is accepted over HTTPS only; use https:// in the destination URL.`);
      }
      return token;
    }
  }
  throw new AppError(
    "unauthorized",
    `Send the source's ingest token as \`Authorization: Bearer ow_src_…\` (or as ?${TOKEN_QUERY_PARAMETER}=Bearer%20ow_src_… from a Logpush HTTP destination).`,
  );
}
