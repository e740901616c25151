// The request an audit row is written in: where it came from. The route wrapper (and sign-in) run
// their work inside `withAuditContext`, and recordAudit reads it, so every row of a request says
// "from where" without each caller passing the address along.
import { AsyncLocalStorage } from "node:async_hooks";

export interface AuditContext {
  /** The client's address as lib/net/client-ip.ts resolves it, or null when unknown. */
  ip: string | null;
}

const storage = new AsyncLocalStorage<AuditContext>();

export function withAuditContext<T>(ctx: AuditContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentAuditContext(): AuditContext | undefined {
  return storage.getStore();
}
