// The ready-to-copy curl a deploy pipeline runs to mark its deploys, filled in with this server.
import Link from "next/link";
import { CopyButton } from "@/components/tokens/copy-button";
import styles from "./events.module.css";

export function deployCurl(origin: string): string {
  return [
    `curl -fsS --max-time 10 -X POST ${origin}/api/v1/events \\`,
    `  -H "Authorization: Bearer $OW_API_TOKEN" -H 'Content-Type: application/json' \\`,
    `  -d '{"type": "deploy", "title": "api '"$DEPLOY_VERSION"'", "backend": "api"}'`,
  ].join("\n");
}

export function CiRecipe({ origin, canManageTokens }: { origin: string; canManageTokens: boolean }) {
  // One recipe per page: a fixed id is unique.
  const titleId = "events-ci-recipe-title";
  return (
    <div className={styles.recipe} data-testid="events-ci-recipe">
      <div className={styles.recipeHead}>
        <p id={titleId} className={styles.recipeTitle}>
          Mark each deploy from your CI pipeline
        </p>
        <CopyButton text={deployCurl(origin)} label="Copy curl command" describedBy={titleId} />
      </div>
      <pre className={styles.recipePre}>
        <code>{deployCurl(origin)}</code>
      </pre>
      <p className={styles.recipeNote}>
        Run it as the last step of a deploy. <code>$OW_API_TOKEN</code> is an API token with the editor role or above (
        {canManageTokens ? <Link href="/settings/tokens">create one under API tokens</Link> : "an admin can create one"}
        ); <code>$DEPLOY_VERSION</code> is whatever your pipeline knows, such as a tag, <code>$GITHUB_SHA</code> or{" "}
        <code>$CI_COMMIT_SHORT_SHA</code>. Name the backend as your proxy logs it, or leave <code>backend</code> out for a change that
        touches everything. <code>type</code> may also be <code>purge</code>, <code>config</code> or <code>note</code>; <code>at</code>{" "}
        (ISO-8601 or epoch milliseconds) defaults to now. Append <code>|| true</code> if a deploy must not fail when the dashboard is
        unreachable.
      </p>
    </div>
  );
}
