import "server-only";
// The samples section's first paint: the very API path the browser reads later pages (and
// refreshes) from, answered by calling lib/samples directly instead of going through HTTP.
import type { Database } from "@/lib/db/client";
import { readSamples } from "@/lib/samples/queries";
import type { TimeRange, ViewState } from "@/components/dashboard/view-state";
import { samplesApiPath } from "@/components/samples/drill";
import type { LoadedSamples } from "@/components/samples/samples-section";

export async function loadSamples(db: Database, view: ViewState, range: TimeRange): Promise<LoadedSamples> {
  const path = samplesApiPath(view, range);
  return { path, answer: await readSamples(db, `http://samples.internal${path}`) };
}
