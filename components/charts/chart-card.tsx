"use client";
// The frame around every chart: title, toggles, legend, the CSV and PNG downloads, and a note when
// the range holds nothing to draw.
import { useRef, useState, type ReactNode } from "react";
import { chartToPng, downloadBlob } from "@/components/charts/export";
import { useExportCaption } from "@/components/charts/export-caption";
import styles from "./charts.module.css";

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  /** Shown as the item's tooltip. */
  hint?: string;
  /** The accessible name when the label alone is not enough (e.g. a cause's words and its id). */
  ariaLabel?: string;
  dashed?: boolean;
  /** Makes the item a toggle button (e.g. filter by this cause). */
  onToggle?: () => void;
  pressed?: boolean;
}

interface Props {
  id: string;
  title: string;
  /** One line under the title: what is plotted and in which unit. */
  subtitle: string;
  toolbar?: ReactNode;
  legend: LegendItem[];
  /** The chart's data as CSV, built on demand. */
  csv: () => { filename: string; content: string };
  pngName: string;
  empty?: string | null;
  footer?: ReactNode;
  children: ReactNode;
}

export function ChartCard({ id, title, subtitle, toolbar, legend, csv, pngName, empty, footer, children }: Props) {
  const figure = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const titleId = `${id}-title`;
  const caption = useExportCaption();

  function downloadCsv() {
    const { filename, content } = csv();
    downloadBlob(new Blob([content], { type: "text/csv;charset=utf-8" }), filename);
  }

  async function downloadPng() {
    setError(null);
    const svg = figure.current?.querySelector<SVGSVGElement>("svg.recharts-surface");
    if (!svg) {
      setError("The chart is still loading.");
      return;
    }
    try {
      const blob = await chartToPng(svg, { title, subtitle, caption, legend: legend.map((l) => ({ label: l.label, color: l.color, dashed: l.dashed })) });
      downloadBlob(blob, pngName);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The image could not be made.");
    }
  }

  return (
    <section className={`card ${styles.card}`} aria-labelledby={titleId} data-testid={`chart-${id}`}>
      <header className={styles.head}>
        <div className={styles.headText}>
          <h2 id={titleId} className={styles.title}>
            {title}
          </h2>
          <p className={styles.subtitle}>{subtitle}</p>
        </div>
        <div className={styles.tools}>
          {toolbar}
          <div className={styles.downloads} role="group" aria-label={`Download ${title}`}>
            <button type="button" className="btn btn-sm" onClick={downloadCsv} title={`Download the data of “${title}” as CSV`}>
              CSV
            </button>
            <button type="button" className="btn btn-sm" onClick={() => void downloadPng()} title={`Download “${title}” as a PNG image`}>
              PNG
            </button>
          </div>
        </div>
      </header>
      <div ref={figure} className={styles.figure}>
        {children}
        {empty ? <p className={styles.emptyNote}>{empty}</p> : null}
      </div>
      {legend.length > 0 ? (
        <ul className={styles.legend} aria-label={`${title}: series`}>
          {legend.map((item) => (
            <li key={item.key}>
              {item.onToggle ? (
                <button type="button" className={styles.legendButton} onClick={item.onToggle} aria-pressed={item.pressed} title={item.hint} aria-label={item.ariaLabel}>
                  <Swatch color={item.color} dashed={item.dashed} />
                  {item.label}
                </button>
              ) : (
                <span className={styles.legendItem} title={item.hint} aria-label={item.ariaLabel}>
                  <Swatch color={item.color} dashed={item.dashed} />
                  {item.label}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className={`field-error ${styles.error}`} role="alert">
          {error}
        </p>
      ) : null}
      {footer}
    </section>
  );
}

function Swatch({ color, dashed }: { color: string; dashed?: boolean }) {
  return <span className={`${styles.swatch} ${dashed ? styles.swatchDashed : ""}`} style={{ background: dashed ? undefined : color, borderColor: color }} aria-hidden="true" />;
}
