// Koppel web front end: simple horizontal bar charts as inline SVG.
//
// staafgrafiek() draws one bar per row, longest bar for the largest number,
// with the label before and the number after each bar as SVG text, so the
// figures are readable on screen and on paper. The chart as a whole is an
// image for assistive technology (role="img") whose name spells out every
// figure; pages keep the same figures in a table next to it.
//
// A value is a number, the string "<5" (a small count the server
// suppressed) or null (not given). A suppressed or missing value never gets
// a bar: its real size is unknown on purpose, so only its text is shown.
//
// A label too long for the label column is wrapped over two or more lines
// (at spaces, or inside a word that is itself too long) and its row grows
// to hold them, so no label is ever cut off at the chart's edge.
//
// doelgrafiek() draws a target chart: one bar per target with what was
// realised, a band from the target's minimum to its maximum and a tick
// where the pace of the year expects it to be by now.
//
// Built with createElementNS and textContent; colours come from app.css
// classes (with a fill attribute as fallback), never from style attributes.

const SVG = 'http://www.w3.org/2000/svg';

// Geometry in viewBox units; the SVG scales to the width of its container
// (app.css limits that, so the 13-unit text stays readable on a phone and
// on paper). The label column is as wide as the longest label needs.
const WIDTH = 360;
// The width of a character of 13-unit text, on the wide side: the label
// column is sized from it, and a wide sans-serif (DejaVu Sans) averages
// close to 8 units, so a smaller guess cut the start of longer labels off.
const CHAR = 8.2;
const VALUE_ROOM = 44; // after the longest bar, for its number
const ROW = 28;
const BAR = 18;
const PAD = 4;
const LINE = 15; // the height of one line of a wrapped label
const LABEL_MAX = 200; // the widest the label column gets

const NUMBER = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) {
      node.setAttribute(key, String(value));
    }
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** The text of a value as the chart shows it. */
export function waardeTekst(value) {
  if (value === null || value === undefined) {
    return 'niet gegeven';
  }
  return typeof value === 'number' ? NUMBER.format(value) : String(value);
}

// The value as screen readers hear it ("<5" read aloud is unclear).
function waardeUitgesproken(value) {
  return value === '<5' ? 'minder dan 5' : waardeTekst(value);
}

/**
 * A label split into lines of at most `max` characters: at spaces where
 * possible, inside a word only when the word alone is longer than a line.
 */
export function labelRegels(label, max) {
  const limit = Math.max(4, Math.floor(max));
  const lines = [];
  let line = '';
  for (let word of String(label).split(/\s+/).filter(Boolean)) {
    while (word.length > limit) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(`${word.slice(0, limit - 1)}-`);
      word = word.slice(limit - 1);
    }
    if (!line) {
      line = word;
    } else if (line.length + 1 + word.length <= limit) {
      line += ` ${word}`;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line || !lines.length) {
    lines.push(line);
  }
  return lines;
}

// The layout of the rows: where the labels end, each row's lines, top and
// height, and the chart's height.
function layout(rijen, rowHeight = ROW) {
  const longest = Math.max(1, ...rijen.map((r) => String(r.label).length));
  const labelEnd = Math.min(LABEL_MAX, Math.max(60, Math.ceil(longest * CHAR) + 8)); // labels end here
  const perLine = Math.floor((labelEnd - 4) / CHAR);
  let top = PAD;
  const rows = rijen.map((rij) => {
    const lines = labelRegels(rij.label, perLine);
    const height = Math.max(rowHeight, lines.length * LINE + 6);
    const row = { rij, lines, top, height, middle: top + height / 2 };
    top += height;
    return row;
  });
  return { labelEnd, rows, height: top + PAD };
}

// The label of a row as SVG text, one <tspan> per line, centred on the row.
function labelText(row, labelEnd) {
  const text = svg('text', { class: 'grafiek__label', x: labelEnd, y: row.middle, 'text-anchor': 'end' });
  const first = -((row.lines.length - 1) * LINE) / 2;
  row.lines.forEach((line, i) => {
    text.append(svg('tspan', { x: labelEnd, dy: i === 0 ? `${first / 13 + 0.35}em` : `${LINE / 13}em` }, line));
  });
  return text;
}

// The <svg> element of a chart with its accessible name.
function chartElement(summary, height, className) {
  const chart = svg('svg', {
    class: `grafiek ${className}`.trim(),
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: WIDTH,
    height,
    role: 'img',
    'aria-label': summary,
    focusable: 'false',
    preserveAspectRatio: 'xMinYMin meet',
  });
  chart.append(svg('title', {}, summary));
  return chart;
}

/**
 * A horizontal bar chart.
 *
 * @param {object} spec
 * @param {string} spec.titel what the chart shows, first words of its name
 * @param {Array<{label: string, waarde: number|string|null}>} spec.rijen
 * @param {string} [spec.className] an extra class for the <svg>
 * @returns {SVGSVGElement}
 */
export function staafgrafiek({ titel, rijen, className = '' }) {
  const summary = `${titel}: ${rijen.map((r) => `${r.label} ${waardeUitgesproken(r.waarde)}`).join(', ')}.`;
  const { labelEnd, rows, height } = layout(rijen);
  const chart = chartElement(summary, height, className);
  const barStart = labelEnd + 8;
  const barMax = WIDTH - barStart - VALUE_ROOM; // the longest bar
  const numbers = rijen.map((r) => r.waarde).filter((v) => typeof v === 'number' && Number.isFinite(v));
  const max = Math.max(0, ...numbers);

  for (const row of rows) {
    const { rij, middle } = row;
    const shown = typeof rij.waarde === 'number' && Number.isFinite(rij.waarde);
    const group = svg('g', {
      class: `grafiek__rij${shown ? '' : ' grafiek__rij--zonder-staaf'}`,
      'data-label': rij.label,
      'data-waarde': waardeTekst(rij.waarde),
    });
    group.append(labelText(row, labelEnd));

    let end = barStart;
    if (shown && rij.waarde > 0 && max > 0) {
      // At least one unit wide, so a small non-zero count stays visible.
      const width = Math.max(1, Math.round((rij.waarde / max) * barMax));
      group.append(svg('rect', {
        class: 'grafiek__staaf', x: barStart, y: middle - BAR / 2, width, height: BAR, fill: '#1d4e5f',
      }));
      end = barStart + width;
    }
    group.append(svg('text', {
      class: `grafiek__waarde${shown ? '' : ' grafiek__waarde--zonder-staaf'}`,
      x: end + 6,
      y: middle,
      dy: '0.35em',
    }, waardeTekst(rij.waarde)));
    chart.append(group);
  }

  // The baseline the bars grow from.
  chart.append(svg('line', {
    class: 'grafiek__as', x1: barStart, y1: PAD, x2: barStart, y2: height - PAD, stroke: '#4a5861',
  }));
  return chart;
}

// A target as screen readers hear it: "doel 20 tot 24", "doel 28".
function doelUitgesproken(r) {
  const doel = r.maximum !== null && r.maximum !== undefined && r.maximum !== r.minimum
    ? `doel ${r.minimum} tot ${r.maximum}` : `doel ${r.minimum}`;
  const verwacht = typeof r.verwacht === 'number' ? `, verwacht nu ${NUMBER.format(r.verwacht)}` : '';
  return `${waardeUitgesproken(r.waarde)} gerealiseerd, ${doel}${verwacht}`;
}

/**
 * A target chart: per row a bar of what was realised, the target as a band
 * from minimum to maximum (a line when there is no maximum) and a dashed
 * tick at what the pace of the year expects by now. The scale runs to the
 * largest of the realised values and the targets, so every target is on
 * the chart. A realised value that is not a number ("<5") gets no bar.
 *
 * @param {object} spec
 * @param {string} spec.titel
 * @param {Array<{label: string, waarde: number|string|null, minimum: number,
 *   maximum: number|null, verwacht: number|null}>} spec.rijen
 * @returns {SVGSVGElement}
 */
export function doelgrafiek({ titel, rijen, className = '' }) {
  const summary = `${titel}: ${rijen.map((r) => `${r.label}: ${doelUitgesproken(r)}`).join('; ')}.`;
  const { labelEnd, rows, height } = layout(rijen, ROW + 6);
  const chart = chartElement(summary, height, `grafiek--doelen ${className}`);
  const barStart = labelEnd + 8;
  const barMax = WIDTH - barStart - VALUE_ROOM;
  const scale = Math.max(1, ...rijen.flatMap((r) => [r.waarde, r.minimum, r.maximum, r.verwacht])
    .filter((v) => typeof v === 'number' && Number.isFinite(v)));
  const x = (v) => barStart + Math.round((v / scale) * barMax);

  for (const row of rows) {
    const { rij, middle } = row;
    const shown = typeof rij.waarde === 'number' && Number.isFinite(rij.waarde);
    const group = svg('g', {
      class: `grafiek__rij${shown ? '' : ' grafiek__rij--zonder-staaf'}`,
      'data-label': rij.label,
      'data-waarde': waardeTekst(rij.waarde),
      'data-minimum': String(rij.minimum),
      'data-maximum': rij.maximum === null || rij.maximum === undefined ? '' : String(rij.maximum),
    });
    group.append(labelText(row, labelEnd));
    const hasMax = typeof rij.maximum === 'number' && rij.maximum > rij.minimum;
    if (hasMax) {
      group.append(svg('rect', {
        class: 'grafiek__doelband', x: x(rij.minimum), y: middle - BAR / 2 - 3,
        width: Math.max(1, x(rij.maximum) - x(rij.minimum)), height: BAR + 6, fill: '#d9e8ec',
      }));
    }
    let end = barStart;
    if (shown && rij.waarde > 0) {
      const width = Math.max(1, x(rij.waarde) - barStart);
      group.append(svg('rect', {
        class: 'grafiek__staaf', x: barStart, y: middle - BAR / 2, width, height: BAR, fill: '#1d4e5f',
      }));
      end = barStart + width;
    }
    group.append(svg('line', {
      class: 'grafiek__doel', x1: x(rij.minimum), y1: middle - BAR / 2 - 4, x2: x(rij.minimum), y2: middle + BAR / 2 + 4,
      stroke: '#b3261e', 'stroke-width': 2,
    }));
    if (typeof rij.verwacht === 'number') {
      group.append(svg('line', {
        class: 'grafiek__verwacht', x1: x(rij.verwacht), y1: middle - BAR / 2 - 4, x2: x(rij.verwacht),
        y2: middle + BAR / 2 + 4, stroke: '#4a5861', 'stroke-width': 1.5, 'stroke-dasharray': '3 2',
      }));
    }
    const tekstX = Math.max(end, x(rij.minimum), hasMax ? x(rij.maximum) : 0) + 6;
    group.append(svg('text', {
      class: `grafiek__waarde${shown ? '' : ' grafiek__waarde--zonder-staaf'}`, x: Math.min(tekstX, WIDTH - VALUE_ROOM + 6),
      y: middle, dy: '0.35em',
    }, waardeTekst(rij.waarde)));
    chart.append(group);
  }
  chart.append(svg('line', {
    class: 'grafiek__as', x1: barStart, y1: PAD, x2: barStart, y2: height - PAD, stroke: '#4a5861',
  }));
  return chart;
}
