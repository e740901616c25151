// The proxies a config can be imported from: what each is understood to contain, an example for
// the empty box, and a guess of the kind from a file's name.
import type { ImportKind } from "@/lib/backends/import";

// The server refuses more (MAX_IMPORT_BYTES); saying so before the upload is kinder.
export const MAX_IMPORT_FILE_BYTES = 1024 * 1024;

export interface ImportKindGuide {
  value: ImportKind;
  label: string;
  hint: string;
  placeholder: string;
}

export const IMPORT_KINDS: ImportKindGuide[] = [
  {
    value: "vcl",
    label: "Varnish VCL",
    hint: "backend and probe blocks, directors from vcl_init.",
    placeholder: 'vcl 4.1;\n\nprobe health {\n    .url = "/health";\n}\n\nbackend app1 {\n    .host = "10.0.2.7";\n    .port = "8080";\n    .probe = health;\n}',
  },
  {
    value: "haproxy",
    label: "HAProxy",
    hint: "backend sections, their servers, check options and timeouts.",
    placeholder: "backend app\n    timeout connect 3s\n    timeout server 30s\n    option httpchk GET /health\n    server app1 10.0.2.7:8080 check inter 5s fall 3 rise 2",
  },
  {
    value: "nginx",
    label: "nginx",
    hint: "upstream blocks and the proxy_*_timeout settings that reach them.",
    placeholder: "upstream app {\n    server 10.0.2.7:8080 max_fails=3;\n}\n\nserver {\n    location / {\n        proxy_pass http://app;\n        proxy_read_timeout 30s;\n    }\n}",
  },
];

/** A guess from the file name; the choice stays the user's when the name says nothing. */
export function kindFromFileName(name: string): ImportKind | null {
  const n = name.toLowerCase();
  if (n.endsWith(".vcl")) return "vcl";
  if (n.includes("haproxy")) return "haproxy";
  if (n.includes("nginx") || n.endsWith(".conf")) return "nginx";
  return null;
}
