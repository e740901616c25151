// `npm run bench:incidents`: the incidents part of `npm run bench:alerts` alone (issue #11):
// opening 200 incidents at once, and an incident with 2,000 timeline entries read p50/p95 over
// --reps (default 30; target p95 < 200 ms). PostgreSQL: DATABASE_URL, else
// postgresql://postgres@127.0.0.1:5432/postgres (a bench database is created and dropped).
import { benchIncidents } from "./bench-alerts/incidents";

const adminUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const reps = Number(process.argv.slice(2).find((a) => a.startsWith("--reps="))?.slice(7) ?? "30");

benchIncidents(adminUrl, reps).then(
  (lines) => lines.forEach((line) => process.stdout.write(`${line}\n`)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
