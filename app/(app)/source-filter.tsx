// A shared link may filter on a source deleted since: the overview and the samples page then show
// every source, and say so.
import type { ViewState } from "@/components/dashboard/view-state";
import type { SourceView } from "@/lib/sources/schemas";
import styles from "./overview.module.css";

export function withKnownSource(asked: ViewState, sources: SourceView[]): { view: ViewState; knownSource: boolean } {
  const knownSource = !asked.source || sources.some((s) => s.id === asked.source || s.name === asked.source);
  return { view: knownSource ? asked : { ...asked, source: null }, knownSource };
}

export function UnknownSourceNotice() {
  return (
    <p className={`alert alert-warn ${styles.notice}`} role="status">
      This link filters on a source that no longer exists, so every source is shown.
    </p>
  );
}
