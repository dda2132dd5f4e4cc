import type { TrendPoint } from '../services/overdue-trend';
import { html, type SafeHtml } from '../domain/html';

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 16, right: 12, bottom: 36, left: 36 };

/**
 * Overdue items week by week as an SVG bar chart drawn on the server (no script needed), with
 * the same figures as a table for screen readers and keyboard users.
 */
export function trendChart(points: TrendPoint[]): SafeHtml {
  const max = Math.max(1, ...points.map((p) => p.overdue));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, points.length);
  const barW = Math.max(4, slot * 0.6);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const bars = points.map((p, i) => {
    const x = PAD.left + i * slot + (slot - barW) / 2;
    const label = p.date.slice(5);
    return html`<g class="bar" data-date="${p.date}" data-overdue="${p.overdue}">
      <rect
        x="${x.toFixed(1)}"
        y="${y(p.overdue).toFixed(1)}"
        width="${barW.toFixed(1)}"
        height="${(PAD.top + innerH - y(p.overdue)).toFixed(1)}"
        fill="#b3261e"
        ><title>${p.date}: ${p.overdue} overdue</title></rect
      >
      <text x="${(x + barW / 2).toFixed(1)}" y="${(y(p.overdue) - 4).toFixed(1)}" text-anchor="middle" font-size="11">${p.overdue}</text>
      <text x="${(x + barW / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" font-size="11" fill="#5b6475">${label}</text>
    </g>`;
  });
  const summary = points.length
    ? `Overdue items at the end of each week from ${points[0]!.date} to ${points.at(-1)!.date}: now ${points.at(-1)!.overdue}, highest ${max}.`
    : 'No data.';
  return html`<figure class="card" id="overdue-trend">
    <figcaption><strong>Overdue items over time</strong> <span class="muted">(end of each week)</span></figcaption>
    <svg role="img" aria-labelledby="trend-title trend-desc" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet">
      <title id="trend-title">Overdue items over time</title>
      <desc id="trend-desc">${summary}</desc>
      <line x1="${PAD.left}" y1="${PAD.top + innerH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + innerH}" stroke="#aab1bf" />
      <text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end" font-size="11" fill="#5b6475">${max}</text>
      <text x="${PAD.left - 6}" y="${PAD.top + innerH}" text-anchor="end" font-size="11" fill="#5b6475">0</text>
      ${bars}
    </svg>
    <details>
      <summary>The figures as a table</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Week ending</th>
            <th scope="col">Overdue</th>
          </tr>
        </thead>
        <tbody>
          ${points.map(
            (p) =>
              html`<tr>
                <td>${p.date}</td>
                <td>${p.overdue}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </details>
  </figure>`;
}
