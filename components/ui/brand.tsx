import styles from "./brand.module.css";

/** The product mark: a pulse line crossing an origin ring. Decorative; the name carries meaning. */
export function Brand({ size = "md" }: { size?: "md" | "lg" }) {
  return (
    <span className={`${styles.brand} ${size === "lg" ? styles.lg : ""}`}>
      <svg className={styles.mark} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="1.8" opacity="0.35" />
        <path d="M2.5 12h5l2-4.5 3.5 9 2.2-4.5h6.3" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className={styles.name}>Origin Watch</span>
    </span>
  );
}
