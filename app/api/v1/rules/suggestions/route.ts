import { route } from "@/lib/http/handler";
import { listSuggestions } from "@/lib/alerts/suggestion-data";
import { SuggestionsQuery } from "@/lib/alerts/backtest-schemas";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "dashboard.read", query: SuggestionsQuery }, async ({ db, query }) => ({
  suggestions: await listSuggestions(db.sql, query.backend),
}));
