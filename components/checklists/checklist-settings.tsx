"use client";
// Settings → Checklists: pick a template, edit its steps (editors and up), see its versions and
// restore the built-in. Each save or restore is a call to the API, then a refresh.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { callApi } from "@/components/forms/api";
import type { ChecklistTemplateView, ChecklistVersionView } from "@/lib/incidents/checklists/template-schema";
import { ChecklistEditor } from "./checklist-editor";
import styles from "./checklists.module.css";

export function ChecklistSettings({ templates, canWrite }: { templates: ChecklistTemplateView[]; canWrite: boolean }) {
  const router = useRouter();
  const [slug, setSlug] = useState(templates[0]?.slug ?? "");
  const [versions, setVersions] = useState<ChecklistVersionView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const current = templates.find((t) => t.slug === slug);
  const path = `/api/v1/checklists/${encodeURIComponent(slug)}`;

  useEffect(() => {
    let live = true;
    void callApi<{ versions: ChecklistVersionView[] }>("GET", `${path}/versions`).then((res) => {
      if (live && res.ok) setVersions(res.data.versions);
    });
    return () => {
      live = false;
    };
  }, [path, current?.version]);

  const restore = async () => {
    setError(null);
    const res = await callApi("POST", `${path}/restore`, {});
    if (!res.ok) return setError(res.error.message);
    router.refresh();
  };

  if (!current) return <p className="muted">No checklists.</p>;
  return (
    <div className={styles.layout}>
      <nav aria-label="Checklists" className={styles.list}>
        <ul>
          {templates.map((t) => (
            <li key={t.slug}>
              <button type="button" className={t.slug === slug ? styles.selected : undefined} aria-current={t.slug === slug} onClick={() => setSlug(t.slug)}>
                {t.title}
                <span className="muted"> {t.builtIn ? "built-in" : `v${t.version}`}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div>
        <p className="muted" data-testid="checklist-used-for">
          Used for: {current.usedFor.join(", ")}
          {current.updatedBy ? ` · last change by ${current.updatedBy}` : ""}
        </p>
        <ChecklistEditor key={`${current.slug}@${current.version ?? 0}`} template={current} canWrite={canWrite} />
        <section className="card" aria-labelledby="versions-h">
          <h2 id="versions-h">Versions</h2>
          {versions.length === 0 ? <p className="muted">Never edited: the built-in version is in force.</p> : null}
          <ol className={styles.versions} data-testid="checklist-versions">
            {versions.map((v) => (
              <li key={v.version}>
                v{v.version} {v.builtIn ? "restored the built-in" : `“${v.title}”, ${v.steps.length} steps`} · {v.author} · <time dateTime={v.createdAt}>{v.createdAt.slice(0, 16).replace("T", " ")} UTC</time>
              </li>
            ))}
          </ol>
          {canWrite && !current.builtIn ? (
            <button type="button" className="btn btn-sm" onClick={() => void restore()}>
              Restore the built-in
            </button>
          ) : null}
          {error ? (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
        </section>
      </div>
    </div>
  );
}
