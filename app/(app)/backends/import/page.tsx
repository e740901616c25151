import type { Metadata } from "next";
import Link from "next/link";
import { ImportWizard } from "@/components/backends/import-wizard";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import styles from "@/components/backends/backends.module.css";

export const metadata: Metadata = { title: "Import config · Backends" };

export default async function ImportBackends() {
  await requirePageActor("backends.write", "/backends/import");
  return (
    <>
      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <Link href="/backends">Backends</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">Import config</span>
      </nav>
      <PageHeader
        title="Import backends from a proxy config"
        description="Your Varnish, HAProxy or nginx config already names every origin, its timeouts and its health check. Preview what Origin Watch understands, then apply it: backends are matched by name, so importing again updates them."
      />
      <ImportWizard />
    </>
  );
}
