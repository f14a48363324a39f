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
// Built with createElementNS and textContent; colours come from app.css
// classes (with a fill attribute as fallback), never from style attributes.

const SVG = 'http://www.w3.org/2000/svg';

// Geometry in viewBox units; the SVG scales to the width of its container
// (app.css limits that, so the 13-unit text stays readable on a phone and
// on paper). The label column is as wide as the longest label needs.
const WIDTH = 360;
const CHAR = 7.2; // the average width of a character of 13-unit text
const VALUE_ROOM = 44; // after the longest bar, for its number
const ROW = 28;
const BAR = 18;
const PAD = 4;

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
 * A horizontal bar chart.
 *
 * @param {object} spec
 * @param {string} spec.titel what the chart shows, first words of its name
 * @param {Array<{label: string, waarde: number|string|null}>} spec.rijen
 * @param {string} [spec.className] an extra class for the <svg>
 * @returns {SVGSVGElement}
 */
export function staafgrafiek({ titel, rijen, className = '' }) {
  const height = rijen.length * ROW + 2 * PAD;
  const summary = `${titel}: ${rijen.map((r) => `${r.label} ${waardeUitgesproken(r.waarde)}`).join(', ')}.`;
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

  const longest = Math.max(1, ...rijen.map((r) => String(r.label).length));
  const labelEnd = Math.min(200, Math.max(60, Math.ceil(longest * CHAR) + 8)); // labels end here
  const barStart = labelEnd + 8;
  const barMax = WIDTH - barStart - VALUE_ROOM; // the longest bar
  const numbers = rijen.map((r) => r.waarde).filter((v) => typeof v === 'number' && Number.isFinite(v));
  const max = Math.max(0, ...numbers);

  rijen.forEach((rij, i) => {
    const top = PAD + i * ROW;
    const middle = top + ROW / 2;
    const shown = typeof rij.waarde === 'number' && Number.isFinite(rij.waarde);
    const group = svg('g', {
      class: `grafiek__rij${shown ? '' : ' grafiek__rij--zonder-staaf'}`,
      'data-label': rij.label,
      'data-waarde': waardeTekst(rij.waarde),
    });
    group.append(svg('text', {
      class: 'grafiek__label', x: labelEnd, y: middle, dy: '0.35em', 'text-anchor': 'end',
    }, rij.label));

    let end = barStart;
    if (shown && rij.waarde > 0 && max > 0) {
      // At least one unit wide, so a small non-zero count stays visible.
      const width = Math.max(1, Math.round((rij.waarde / max) * barMax));
      group.append(svg('rect', {
        class: 'grafiek__staaf', x: barStart, y: top + (ROW - BAR) / 2, width, height: BAR, fill: '#1d4e5f',
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
  });

  // The baseline the bars grow from.
  chart.append(svg('line', {
    class: 'grafiek__as', x1: barStart, y1: PAD, x2: barStart, y2: height - PAD, stroke: '#4a5861',
  }));
  return chart;
}
