// Child process of workers.test.ts: opens the database named in argv, then either commits an
// incident opening (its outbox row) and dies by SIGKILL before anything is sent ("commit"), or
// dispatches and claims the deliveries, then dies mid-send ("claim").
import { openDatabase } from "@/lib/db/client";
import { dispatchDue } from "@/lib/notifications/dispatch";
import { claimDeliveries } from "@/lib/notifications/sender";
import { fire, transition } from "./support";

const [url, mode, ruleId, ruleName, backend, nowText] = process.argv.slice(2) as [string, "commit" | "claim", string, string, string, string];
const now = Number(nowText);
const db = await openDatabase({ mode: "postgres", url }, { purpose: "kill test child", migrate: false });
if (mode === "commit") {
  await fire(db, { id: ruleId, name: ruleName, severity: "warning" }, [transition(backend, "firing", now)]);
} else {
  await dispatchDue(db.sql, { groupWaitMs: 0, repeatIntervalMs: 0, baseUrl: "http://localhost" }, now);
  const claimed = await claimDeliveries(db.sql, 100, now);
  process.stdout.write(`claimed ${claimed.length}\n`);
}
process.kill(process.pid, "SIGKILL");
