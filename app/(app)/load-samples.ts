import "server-only";
// The samples section's first paint: the very query the browser reads later pages (and refreshes)
// from, parsed by the API's schema and answered by lib/samples directly (no HTTP, no URL).
import type { Database } from "@/lib/db/client";
import { parseInput } from "@/lib/errors/parse";
import { readSamples } from "@/lib/samples/queries";
import { SamplesQuery } from "@/lib/samples/schemas";
import type { TimeRange, ViewState } from "@/components/dashboard/view-state";
import { samplesApiPath, samplesQuery } from "@/components/samples/drill";
import type { LoadedSamples } from "@/components/samples/samples-section";

export async function loadSamples(db: Database, view: ViewState, range: TimeRange): Promise<LoadedSamples> {
  return { path: samplesApiPath(view, range), answer: await readSamples(db, parseInput(SamplesQuery, samplesQuery(view, range))) };
}
