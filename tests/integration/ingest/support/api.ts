// The three API calls the real-proxy test makes, exactly as a log shipper and a dashboard
// would: create a source, POST its log lines, read the summary.
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";

export interface CreatedSource {
  id: string;
  name: string;
  kind: string;
  format: string | null;
  /** The source's ingest token. */
  token: string;
}

export interface IngestAnswer {
  accepted: number;
  rejected: number;
  errors: { line: number; reason: string }[];
  duplicate?: boolean;
}

export type Counts = Record<string, number>;

export interface Summary {
  total: number;
  byStatus: Counts;
  byCause: Counts;
  byBackend: Record<string, { total: number; byStatus: Counts; byCause: Counts; latency: { p50: number | null; p95: number | null; p99: number | null } }>;
}

export class Api {
  constructor(
    readonly baseUrl: string,
    private readonly apiToken: string,
    /** The server's recent output, shown when it answers something unexpected. */
    private readonly serverLogs: () => string = () => "",
  ) {}

  private check(res: Response, expected: number, what: string, text: string): void {
    if (res.status === expected) return;
    const logs = res.status >= 500 ? `\n--- server output:\n${this.serverLogs().slice(-4000)}` : "";
    assert.equal(res.status, expected, `${what}: ${res.status} ${text}${logs}`);
  }

  async createSource(name: string, kind: string, format?: string): Promise<CreatedSource> {
    const res = await fetch(`${this.baseUrl}/api/v1/sources`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.apiToken}`, "content-type": "application/json" },
      body: JSON.stringify(format === undefined ? { name, kind } : { name, kind, format }),
    });
    const text = await res.text();
    this.check(res, 201, `POST /api/v1/sources ${name}`, text);
    return JSON.parse(text) as CreatedSource;
  }

  /** POSTs log lines as a shipper does: text/plain, optionally gzip, optionally an Idempotency-Key. */
  async ingest(source: CreatedSource, lines: string[], options: { gzip?: boolean; idempotencyKey?: string } = {}): Promise<IngestAnswer> {
    const text = lines.length === 0 ? "" : `${lines.join("\n")}\n`;
    const headers: Record<string, string> = { authorization: `Bearer ${source.token}`, "content-type": "text/plain; charset=utf-8" };
    if (options.gzip) headers["content-encoding"] = "gzip";
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    const body = options.gzip ? gzipSync(text) : text;
    const res = await fetch(`${this.baseUrl}/api/v1/ingest`, { method: "POST", headers, body });
    const answer = await res.text();
    this.check(res, 202, `POST /api/v1/ingest for ${source.name}`, answer);
    return JSON.parse(answer) as IngestAnswer;
  }

  async summary(query: { from: number; to: number; source: string; backend?: string }): Promise<Summary> {
    const params = new URLSearchParams({ from: String(query.from), to: String(query.to), source: query.source });
    if (query.backend !== undefined) params.set("backend", query.backend);
    const res = await fetch(`${this.baseUrl}/api/v1/summary?${params}`, { headers: { authorization: `Bearer ${this.apiToken}` } });
    const text = await res.text();
    this.check(res, 200, `GET /api/v1/summary?${params}`, text);
    return JSON.parse(text) as Summary;
  }
}

/** Counts with the zero entries dropped, so `{}` and `{ unknown: 0 }` compare equal. */
export function nonZero(counts: Counts | undefined): Counts {
  return Object.fromEntries(Object.entries(counts ?? {}).filter(([, n]) => n !== 0));
}
