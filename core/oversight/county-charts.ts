/** One horizontal bar of the board's charts: a label and its coloured parts (one part for a plain bar). */
export interface HBarInput {
  label: string;
  /** The list behind the bar, when it has one. */
  href?: string;
  parts: { count: number; cls: string }[];
}

/** Characters of a bar's label that fit left of the bars (CJK at 13 px); the full label goes into a tooltip. */
const LABEL_CHARS = 13;

export interface HBarChart {
  width: number;
  height: number;
  labelX: number;
  bars: { label: string; full: string; href?: string; textY: number; total: number; valueX: number; segments: { x: number; y: number; width: number; cls: string }[] }[];
}

const WIDTH = 560;
const LABEL_W = 190;
const ROW = 28;

/**
 * Geometry of horizontal bars, stacked by part: the assessment charts' vertical bars put labels under each bar, which
 * long unit and rule names overflow, so these name each bar on its left.
 */
export function hbarChart(items: HBarInput[]): HBarChart {
  const totals = items.map((i) => i.parts.reduce((s, p) => s + p.count, 0));
  const max = Math.max(1, ...totals);
  const span = WIDTH - LABEL_W - 40;
  const bars = items.map((item, k) => {
    const y = 8 + k * ROW;
    let x = LABEL_W;
    const segments = item.parts
      .filter((p) => p.count > 0)
      .map((p) => {
        const width = Math.max(2, Math.round((span * p.count) / max));
        const s = { x, y, width, cls: p.cls };
        x += width;
        return s;
      });
    const label = item.label.length > LABEL_CHARS ? `${item.label.slice(0, LABEL_CHARS - 1)}…` : item.label;
    return { label, full: item.label, ...(item.href ? { href: item.href } : {}), textY: y + 15, total: totals[k], valueX: x + 6, segments };
  });
  return { width: WIDTH, height: 16 + items.length * ROW, labelX: LABEL_W - 8, bars };
}
