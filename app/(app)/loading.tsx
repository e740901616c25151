import styles from "./loading.module.css";

export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className={styles.wrap}>
      <span className="sr-only">Loading…</span>
      <div className={`${styles.bone} ${styles.heading}`} />
      <div className={`card ${styles.card}`} aria-hidden="true">
        <div className={`${styles.bone} ${styles.line}`} />
        <div className={`${styles.bone} ${styles.line}`} />
        <div className={`${styles.bone} ${styles.line}`} />
        <div className={`${styles.bone} ${styles.line}`} />
      </div>
    </div>
  );
}
