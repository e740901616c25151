"use client";
// A press on a time chart: dragged across buckets it zooms, released on the bucket it started on
// it selects it. (Not Recharts' onClick: the browser clicks after a drag too, and the bucket is
// known at press.)
import { useState } from "react";

const at = (label: unknown): number | null => {
  const n = Number(label);
  return label === undefined || label === null || label === "" || !Number.isFinite(n) ? null : n;
};

interface Options {
  stepMs: number;
  onZoom?: (fromMs: number, toMs: number) => void;
  onSelectBucket?: (t: number) => void;
  /** Whether a bucket start is a real bucket (not the copy that closes a stacked chart's last step). */
  isBucket: (t: number) => boolean;
}

export function useDragSelect({ stepMs, onZoom, onSelectBucket, isBucket }: Options) {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const handlers = {
    onMouseDown: (s: { activeLabel?: unknown }) => {
      const t = at(s.activeLabel);
      if ((onZoom || onSelectBucket) && t !== null) setDrag({ a: t, b: t });
    },
    onMouseMove: (s: { activeLabel?: unknown }) => {
      const t = at(s.activeLabel);
      if (drag && t !== null && t !== drag.b) setDrag({ ...drag, b: t });
    },
    onMouseUp: () => {
      if (drag && onZoom && drag.a !== drag.b) onZoom(Math.min(drag.a, drag.b), Math.max(drag.a, drag.b) + stepMs);
      else if (drag && onSelectBucket && drag.a === drag.b && isBucket(drag.a)) onSelectBucket(drag.a);
      setDrag(null);
    },
    onMouseLeave: () => setDrag(null),
  };
  /** The stretch being dragged over, to shade; null when not dragging across buckets. */
  const selection = drag && drag.a !== drag.b ? { fromMs: Math.min(drag.a, drag.b), toMs: Math.max(drag.a, drag.b) + stepMs } : null;
  return { dragging: drag !== null, selection, handlers };
}
