type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderBag, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The client's address as the nearest proxy reports it (first x-forwarded-for hop), if any. */
export function clientIpFromHeaders(h: HeaderBag): string | null {
  const forwarded = header(h, "x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0]!.trim() || null;
  return header(h, "x-real-ip")?.trim() || null;
}
