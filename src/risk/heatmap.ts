import type { RiskLevel, RiskModel } from './model/risk-model.types';
import { levelOf, type Position } from './scoring/scoring';

export interface HeatmapRisk {
  label: string;
  inherent: Position;
  residual: Position | null;
}

const FILL: Record<RiskLevel, string> = { low: '#e6f4ea', medium: '#fff4ce', high: '#fde2cf', critical: '#f8d0d0' };
const CELL = 56;
const MARGIN = { left: 110, top: 50 };
const MAX_CELLS = 10;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The values an axis takes, bucketed into at most 10 columns (NIST's impact runs 5..50). */
function axisBuckets(model: RiskModel, ids: string[]): { from: number; to: number }[] {
  const min = ids.reduce((t, id) => t + model.dimensions.find((d) => d.id === id)!.min, 0);
  const max = ids.reduce((t, id) => t + model.dimensions.find((d) => d.id === id)!.max, 0);
  const width = Math.ceil((max - min + 1) / MAX_CELLS);
  const buckets = [];
  for (let from = min; from <= max; from += width) buckets.push({ from, to: Math.min(max, from + width - 1) });
  return buckets;
}

const axisValue = (model: RiskModel, ids: string[], p: Position) => ids.reduce((t, id) => t + p.dimensions[id], 0);

/** The grid as data: axis labels, each cell's level (top row first) and where each marker sits. */
export interface HeatmapLayout {
  xLabel: string;
  yLabel: string;
  columns: string[];
  rows: string[];
  levels: RiskLevel[][];
  markers: { n: number; kind: 'inherent' | 'residual'; col: number; row: number }[];
}

const bucketLabel = (b: { from: number; to: number }) => (b.from === b.to ? String(b.from) : `${b.from}–${b.to}`);

/** Lays out the model's two axes and each risk's inherent and residual positions; the SVG and the PDF both draw this. */
export function heatmapLayout(model: RiskModel, risks: HeatmapRisk[]): HeatmapLayout {
  const xs = axisBuckets(model, model.axes.x.dimensions);
  const ys = axisBuckets(model, model.axes.y.dimensions).reverse(); // highest at the top
  const midpoint = (b: { from: number; to: number }) => (b.from + b.to) / 2;
  const cellOf = (p: Position) => ({
    col: xs.findIndex((b) => axisValue(model, model.axes.x.dimensions, p) <= b.to),
    row: ys.findIndex((b) => axisValue(model, model.axes.y.dimensions, p) >= b.from),
  });
  return {
    xLabel: model.axes.x.label,
    yLabel: model.axes.y.label,
    columns: xs.map(bucketLabel),
    rows: ys.map(bucketLabel),
    // A cell's level is that of its midpoint's score, through the model's own thresholds.
    levels: ys.map((y) => xs.map((x) => levelOf(model, midpoint(x) * midpoint(y)))),
    markers: risks.flatMap((risk, i) => [
      { n: i + 1, kind: 'inherent' as const, ...cellOf(risk.inherent) },
      ...(risk.residual ? [{ n: i + 1, kind: 'residual' as const, ...cellOf(risk.residual) }] : []),
    ]),
  };
}

export interface HeatmapOptions {
  /** The drawn title and the legend of every risk in words; a page that lists the risks beside it leaves them out. */
  legend?: boolean;
  /** Before the title's and description's ids, so that the drawing's ids are unique in a page. */
  idPrefix?: string;
}

/**
 * A severity × likelihood grid (the model's two axes) with each risk's inherent position (numbered
 * circle) and residual position (numbered square). Readable without colour: every cell names its level
 * and high/critical cells are hatched; markers differ in shape; a legend lists every risk in words.
 */
export function heatmapSvg(
  model: RiskModel,
  risks: HeatmapRisk[],
  title: string,
  options: HeatmapOptions = {},
): string {
  const { legend = true, idPrefix = '' } = options;
  const layout = heatmapLayout(model, risks);
  const left = legend ? MARGIN.left : 70; // a page's narrow column: less room before the grid
  const gridWidth = left + layout.columns.length * CELL + 20;
  const width = legend ? Math.max(gridWidth, 820) : gridWidth; // room for the legend's sentences
  const top = legend ? MARGIN.top : 12; // without the drawn title, the grid starts near the top
  const gridBottom = top + layout.rows.length * CELL;
  const legendTop = gridBottom + 60;
  const height = legend ? legendTop + risks.length * 20 + 30 : gridBottom + 46;
  const [t, d] = [`${idPrefix}t`, `${idPrefix}d`];

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${t} ${d}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
  );
  parts.push(`<title id="${t}">${escape(title)}</title>`);
  parts.push(
    `<desc id="${d}">${escape(
      `${model.axes.y.label} against ${model.axes.x.label} under ${model.title} v${model.version}. ` +
        risks
          .map(
            (r, i) =>
              `Risk ${i + 1}, ${r.label}: inherent ${r.inherent.level} (score ${r.inherent.score})${r.residual ? `, residual ${r.residual.level} (score ${r.residual.score})` : ', no residual score yet'}.`,
          )
          .join(' '),
    )}</desc>`,
  );
  parts.push(
    '<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#00000033" stroke-width="3"/></pattern></defs>',
  );

  layout.levels.forEach((cells, row) =>
    cells.forEach((level, col) => {
      const cx = left + col * CELL;
      const cy = top + row * CELL;
      parts.push(`<rect x="${cx}" y="${cy}" width="${CELL}" height="${CELL}" fill="${FILL[level]}" stroke="#555"/>`);
      if (level === 'high' || level === 'critical')
        parts.push(`<rect x="${cx}" y="${cy}" width="${CELL}" height="${CELL}" fill="url(#hatch)"/>`);
      parts.push(`<text x="${cx + 3}" y="${cy + 11}" font-size="9" fill="#333">${level}</text>`);
    }),
  );
  layout.columns.forEach((label, col) =>
    parts.push(`<text x="${left + col * CELL + CELL / 2}" y="${gridBottom + 16}" text-anchor="middle">${label}</text>`),
  );
  layout.rows.forEach((label, row) =>
    parts.push(`<text x="${left - 6}" y="${top + row * CELL + CELL / 2 + 4}" text-anchor="end">${label}</text>`),
  );
  const midY = top + (layout.rows.length * CELL) / 2;
  parts.push(
    `<text x="${left + (layout.columns.length * CELL) / 2}" y="${gridBottom + 36}" text-anchor="middle" font-weight="bold">${escape(layout.xLabel)} →</text>`,
  );
  parts.push(
    `<text x="14" y="${midY}" font-weight="bold" transform="rotate(-90 14 ${midY})" text-anchor="middle">${escape(layout.yLabel)} →</text>`,
  );
  if (legend) parts.push(`<text x="${left}" y="24" font-weight="bold" font-size="14">${escape(title)}</text>`);

  // Markers: several risks may share a cell, so they are spread over its lower part, in a denser grid (smaller
  // markers) when more than twelve share it, so that none hides another.
  const perCell = new Map<string, number>();
  for (const m of layout.markers) perCell.set(`${m.col},${m.row}`, (perCell.get(`${m.col},${m.row}`) ?? 0) + 1);
  const occupancy = new Map<string, number>();
  const place = ({ col, row }: { col: number; row: number }) => {
    const key = `${col},${row}`;
    const n = occupancy.get(key) ?? 0;
    occupancy.set(key, n + 1);
    const total = perCell.get(key)!;
    const across = total <= 12 ? 4 : total <= 20 ? 5 : 6;
    const step = total <= 12 ? 13 : (CELL - 6) / across;
    const rows = Math.max(1, Math.floor((CELL - (total <= 12 ? 16 : 14)) / step));
    return {
      x: left + col * CELL + 9 + (n % across) * step,
      y: top + row * CELL + (total <= 12 ? 22 : 20) + (Math.floor(n / across) % rows) * step,
      r: Math.min(6, step / 2 - 0.4),
    };
  };
  for (const marker of layout.markers) {
    const at = place(marker);
    const label = escape(risks[marker.n - 1].label);
    const font = at.r < 6 ? 6.5 : 8;
    if (marker.kind === 'inherent') {
      parts.push(
        `<circle cx="${at.x}" cy="${at.y}" r="${at.r}" fill="#fff" stroke="#222" stroke-width="1.5"><title>Risk ${marker.n} inherent: ${label}</title></circle>`,
      );
      parts.push(
        `<text x="${at.x}" y="${at.y + font * 0.42}" text-anchor="middle" font-size="${font}">${marker.n}</text>`,
      );
    } else {
      parts.push(
        `<rect x="${at.x - at.r}" y="${at.y - at.r}" width="${2 * at.r}" height="${2 * at.r}" fill="#222"><title>Risk ${marker.n} residual: ${label}</title></rect>`,
      );
      parts.push(
        `<text x="${at.x}" y="${at.y + font * 0.42}" text-anchor="middle" font-size="${font}" fill="#fff">${marker.n}</text>`,
      );
    }
  }

  if (legend) {
    parts.push(`<text x="10" y="${legendTop - 10}" font-weight="bold">○ inherent   ■ residual</text>`);
    risks.forEach((risk, i) =>
      parts.push(
        `<text x="10" y="${legendTop + i * 20 + 10}">${i + 1}. ${escape(risk.label)}: inherent ${risk.inherent.level} (${risk.inherent.score})${risk.residual ? `, residual ${risk.residual.level} (${risk.residual.score})` : ''}</text>`,
      ),
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
