import type { ReactNode } from "react";
import { Brand } from "@/components/ui/brand";
import styles from "./auth-shell.module.css";

/** The centred single-card layout of the pages shown outside the app: setup, sign-in, 403, 404. */
export function AuthShell({ title, intro, children, footer }: { title: string; intro?: ReactNode; children?: ReactNode; footer?: ReactNode }) {
  return (
    <div className={styles.page}>
      <main className={styles.main}>
        <div className={styles.brand}>
          <Brand size="lg" />
        </div>
        <section className={`card ${styles.card}`} aria-labelledby="auth-title">
          <h1 id="auth-title" className={styles.title}>
            {title}
          </h1>
          {intro ? <div className={styles.intro}>{intro}</div> : null}
          {children}
        </section>
        {footer ? <div className={styles.footer}>{footer}</div> : null}
      </main>
    </div>
  );
}
