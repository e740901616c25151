// The flag drawn at the top of an event's vertical marker (deploy, purge, config, note).
import type { EventView } from "@/lib/events/schemas";
import { EVENT_COLOR, EVENT_GLYPH } from "@/components/charts/palette";
import { formatDateTime } from "@/components/charts/format";
import styles from "./charts.module.css";

export function EventFlag({ viewBox, event }: { viewBox?: { x?: number; y?: number }; event: EventView }) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) - 14;
  const color = EVENT_COLOR[event.type] ?? EVENT_COLOR.note;
  return (
    <g className={styles.eventFlag} data-event={event.type}>
      <title>{`${event.type}: ${event.title} (${formatDateTime(Date.parse(event.at))})${event.backend ? ` on ${event.backend}` : ""}`}</title>
      <rect x={x - 7} y={y} width={14} height={13} rx={3} fill={color} />
      <text x={x} y={y + 10} textAnchor="middle" fontSize={9} fontWeight={700} fill="var(--surface)">
        {EVENT_GLYPH[event.type] ?? "•"}
      </text>
    </g>
  );
}
