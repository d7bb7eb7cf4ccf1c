// Chart.js (window.Chart, from the chart.js webjar) with the page's defaults: no animation (the
// charts redraw on live events), a colour-blind-safe palette, readable axes.

export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
export const DPO_COLOUR = '#6b6b6b';

function axis(title, extra) {
  return Object.assign({
    type: 'linear',
    title: { display: true, text: title, color: '#333' },
    ticks: { color: '#333' },
    grid: { color: '#e3e3e3' },
  }, extra || {});
}

/** Creates or updates the chart on a canvas: updating keeps the instance (and the test hooks on it). */
export function lineChart(canvas, { datasets, xTitle, yTitle, xExtra, yExtra, onPointClick, tooltipLabel, legend = true }) {
  if (!window.Chart) {
    throw new Error('Chart.js did not load (the chart.js webjar is missing from the service)');
  }
  for (const d of datasets) {
    // lines without markers show as lines in the legend too
    if (d.pointRadius === 0 && !d.pointStyle) {
      d.pointStyle = 'line';
    }
  }
  const options = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', intersect: false },
    scales: { x: axis(xTitle, xExtra), y: axis(yTitle, yExtra) },
    plugins: {
      legend: { display: legend, labels: { color: '#222', usePointStyle: true } },
      tooltip: tooltipLabel ? { callbacks: { label: tooltipLabel } } : {},
    },
    onClick: onPointClick ? (event, elements, chart) => {
      if (elements.length) {
        const { datasetIndex, index } = elements[0];
        onPointClick(chart.data.datasets[datasetIndex].data[index], datasetIndex);
      }
    } : undefined,
  };
  const existing = window.Chart.getChart(canvas);
  if (existing) {
    existing.data.datasets = datasets;
    existing.options.scales = options.scales;
    existing.update('none');
    return existing;
  }
  return new window.Chart(canvas, { type: 'line', data: { datasets }, options });
}

export function destroyCharts(root) {
  if (!window.Chart) {
    return;
  }
  for (const canvas of root.querySelectorAll('canvas')) {
    const chart = window.Chart.getChart(canvas);
    if (chart) {
      chart.destroy();
    }
  }
}
