// #/candidates/ID : hypothesis, code, the loss and its slope over rho against DPO's, metrics per task
// and seed, training curves, parents and children, exports. Live while the candidate trains.
import { api, ApiError, once } from '../api.js';
import { DPO_COLOUR, PALETTE, lineChart } from '../charts.js';
import { download } from '../download.js';
import { errorBox, fill, fmt, h, setTitle, statusBadge } from '../dom.js';
import { subscribe, throttle } from '../live.js';

const UNFINISHED = ['QUEUED', 'RUNNING'];

export async function candidateView(ctx) {
  const id = Number(ctx.params[0]);
  let details = await api(`/api/candidates/${id}`, { signal: ctx.signal });
  const [campaign, tasks] = await Promise.all([
    api(`/api/campaigns/${details.campaignId}`, { signal: ctx.signal }), once('/api/tasks')]);
  if (!ctx.active) {
    return;
  }
  setTitle(details.name);
  const discoveryTask = campaign.task;
  const metricOf = (task) => (tasks.find((t) => t.name === task.split(':')[0]) || {}).primaryMetric || 'fitness';
  const metric = metricOf(discoveryTask);

  const notice = h('div', { 'aria-live': 'polite', id: 'notice' });
  const head = h('div');
  const cards = h('div', { class: 'cards' });
  const metricsSection = h('div', { id: 'metrics' });
  const trainingBox = h('div', { class: 'chart-pair' });
  const relatives = h('div', { class: 'two-columns' });

  const pyButton = h('button', { type: 'button', class: 'button', id: 'export-py', onclick: async () => {
    try {
      await download(`/api/candidates/${id}/export.py`, 'loss.py');
      fill(notice);
    } catch (e) {
      fill(notice, h('div', { class: 'notice', role: 'status' }, h('strong', null, 'No PyTorch form'), ': ',
        e.message));
    }
  } }, 'PyTorch (.py)');
  const jarButton = h('button', { type: 'button', class: 'button primary', id: 'export-jar', onclick: async () => {
    try {
      await download(`/api/candidates/${id}/export.jar`, 'loss.jar');
      fill(notice);
    } catch (e) {
      fill(notice, errorBox(e, 'Could not export the candidate'));
    }
  } }, 'JAR');

  const code = h('code', { class: 'language-java' });
  code.textContent = details.code;
  const copy = h('button', { type: 'button', class: 'button small-button', onclick: async () => {
    try {
      await navigator.clipboard.writeText(details.code);
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Copy failed';
    }
    setTimeout(() => {
      copy.textContent = 'Copy';
    }, 1500);
  } }, 'Copy');

  const lossCanvas = h('canvas', { id: 'chart-loss', role: 'img', 'aria-label': `Loss of ${details.name} and DPO over rho` });
  const gradCanvas = h('canvas', { id: 'chart-gradient', role: 'img',
    'aria-label': `Slope dLoss/drho of ${details.name} and DPO over rho` });
  const curveNote = h('div');

  ctx.main.append(
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Campaigns'), ' › ',
      h('a', { href: `#/campaigns/${campaign.id}` }, campaign.name), ' › ', h('span', { 'aria-current': 'page' }, details.name)),
    head, notice, cards,
    details.hypothesis || details.thought ? h('section', { class: 'panel', 'aria-labelledby': 'hypothesis-title' },
      h('h2', { id: 'hypothesis-title' }, 'Hypothesis'),
      h('p', { class: 'prose', id: 'hypothesis' }, details.hypothesis || '—'),
      details.thought ? h('details', null, h('summary', null, 'The proposer\'s reasoning'),
        h('p', { class: 'prose' }, details.thought)) : null) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'curve-title' },
      h('h2', { id: 'curve-title' }, 'The loss as a function of ρ'),
      h('p', { class: 'small muted' }, `At β = ${campaign.beta}, with ρ the log-ratio difference (chosen log-ratio ρ, `
        + 'rejected 0), drawn over DPO\'s as in DiscoPOP\'s analysis figures.'),
      curveNote,
      h('div', { class: 'chart-pair' },
        h('figure', null, h('div', { class: 'chart-box' }, lossCanvas), h('figcaption', { class: 'small' }, 'Loss ℓ(ρ)')),
        h('figure', null, h('div', { class: 'chart-box' }, gradCanvas), h('figcaption', { class: 'small' }, 'Slope dℓ/dρ')))),
    h('section', { class: 'panel', 'aria-labelledby': 'code-title' },
      h('div', { class: 'page-head' }, h('h2', { id: 'code-title' }, 'Code'), copy),
      h('pre', { class: 'code', tabindex: '0', 'aria-labelledby': 'code-title' }, code)),
    h('section', { class: 'panel', 'aria-labelledby': 'metrics-title' },
      h('h2', { id: 'metrics-title' }, 'Metrics per task and seed'), metricsSection),
    h('section', { class: 'panel', 'aria-labelledby': 'training-title' },
      h('h2', { id: 'training-title' }, 'Training'), trainingBox),
    h('section', { class: 'panel', 'aria-labelledby': 'family-title' },
      h('h2', { id: 'family-title' }, 'Parents and children'), relatives));

  if (window.hljs) {
    window.hljs.highlightElement(code);
  }

  function renderHead(d) {
    fill(head, h('div', { class: 'page-head' },
      h('div', null,
        h('h1', null, d.name, ' ', statusBadge(d.status), d.baseline ? h('span', { class: 'tag' }, 'baseline') : null),
        h('p', { class: 'muted' }, `#${d.id} · proposer ${d.proposer} · created ${fmt.time(d.createdAt)}`
          + (d.finishedAt ? ` · finished ${fmt.time(d.finishedAt)}` : ''))),
      h('div', { class: 'head-actions' }, h('span', { class: 'small muted', id: 'export-label' }, 'Export'),
        h('div', { class: 'actions', role: 'group', 'aria-labelledby': 'export-label' }, jarButton, pyButton))));
    const f = d.fitness || {};
    const v = d.vsDpo;
    fill(cards, 
      h('div', { class: 'card' }, h('h2', null, `Fitness (${metric})`),
        h('p', { class: 'big', id: 'fitness' }, fmt.num(f.mean)),
        h('p', { class: 'small' }, f.mean === null || f.mean === undefined ? 'not evaluated yet'
          : `95% CI [${fmt.num(f.ciLow)}, ${fmt.num(f.ciHigh)}] over ${f.n} seed${f.n === 1 ? '' : 's'}`)),
      h('div', { class: 'card' }, h('h2', null, 'Against DPO'),
        h('p', { class: 'big' }, v ? fmt.delta(v.meanDifference) : '—'),
        h('p', { class: 'small' }, v ? `95% CI [${fmt.delta(v.ciLow)}, ${fmt.delta(v.ciHigh)}], p ${fmt.p(v.pValue)}, `
          + `paired on ${v.n} seed${v.n === 1 ? '' : 's'}` : 'no paired difference yet')),
      d.error || d.duplicateOf ? h('div', { class: 'card' }, h('h2', null, d.error ? 'Why it failed' : 'Duplicate'),
        d.error ? [h('p', null, h('strong', null, d.error.kind)),
          h('p', { class: 'small prose' }, d.error.message,
            d.error.line ? ` (line ${d.error.line}, column ${d.error.column})` : '')] : null,
        d.duplicateOf ? h('p', null, 'Computes the same as ', h('a', { href: `#/candidates/${d.duplicateOf}` },
          `candidate #${d.duplicateOf}`), '; not trained again.') : null) : null);
  }

  function renderMetrics(d) {
    const byTask = new Map();
    for (const run of d.runs) {
      if (!byTask.has(run.task)) {
        byTask.set(run.task, []);
      }
      byTask.get(run.task).push(run);
    }
    if (!byTask.size) {
      fill(metricsSection, h('p', { class: 'muted' }, d.status === 'INVALID' || d.status === 'DUPLICATE'
        ? 'This candidate has no evaluation jobs.' : 'No job yet.'));
      return;
    }
    fill(metricsSection, ...[...byTask.entries()].map(([task, runs]) => {
      const score = d.scores.find((sc) => sc.task === task);
      const primary = metricOf(task);
      const keys = new Set();
      for (const run of runs) {
        for (const k of Object.keys((run.result && run.result.metrics) || {})) {
          keys.add(k);
        }
      }
      const metricKeys = [primary, ...[...keys].filter((k) => k !== primary).sort()].filter((k) => keys.has(k));
      return h('div', { class: 'task-block' },
        h('h3', null, task, runs[0].heldOut ? h('span', { class: 'tag' }, 'held-out') : null),
        score ? h('p', { class: 'small' }, `${primary}: ${fmt.num(score.fitness.mean)} [${fmt.num(score.fitness.ciLow)}, `
          + `${fmt.num(score.fitness.ciHigh)}] over ${score.fitness.n} seed(s)`
          + (score.failedSeeds ? `, ${score.failedSeeds} failed` : '')
          + (score.vsDpo ? `; ${fmt.delta(score.vsDpo.meanDifference)} vs DPO, p ${fmt.p(score.vsDpo.pValue)}` : ''))
          : null,
        h('div', { class: 'table-wrap' }, h('table', { class: 'data compact metrics' },
          h('caption', { class: 'visually-hidden' }, `Metrics of ${d.name} on ${task} per seed`),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Seed'), h('th', { scope: 'col' }, 'State'),
            metricKeys.map((k) => h('th', { scope: 'col', class: 'num' }, k)),
            h('th', { scope: 'col', class: 'num' }, 'Wall s'), h('th', { scope: 'col' }, 'Worker'))),
          h('tbody', null, runs.map((run) => {
            const r = run.result;
            const state = r ? r.status : run.failureKind || run.state;
            return h('tr', null,
              h('th', { scope: 'row' }, String(run.seed)),
              h('td', null, statusBadge(state), run.attempts > 1 ? h('span', { class: 'small muted' }, ` ${run.attempts} attempts`)
                : null, (r && r.message) || run.failureMessage
                ? h('div', { class: 'small prose' }, (r && r.message) || run.failureMessage) : null),
              metricKeys.map((k) => h('td', { class: 'num' }, r && r.metrics ? fmt.num(r.metrics[k]) : '—')),
              h('td', { class: 'num' }, r ? fmt.num(r.wallSeconds) : '—'),
              h('td', { class: 'small' }, r ? r.workerId : '—'));
          })))));
    }));
  }

  function renderTraining(d) {
    const runs = d.runs.filter((r) => r.task === discoveryTask && r.result);
    if (!runs.length) {
      fill(trainingBox, h('p', { class: 'muted' }, 'No training curve yet.'));
      return;
    }
    let lossCanvasT = trainingBox.querySelector('#chart-training');
    let evalCanvas = trainingBox.querySelector('#chart-eval');
    if (!lossCanvasT) {
      lossCanvasT = h('canvas', { id: 'chart-training', role: 'img', 'aria-label': `Training loss of ${d.name} per seed` });
      evalCanvas = h('canvas', { id: 'chart-eval', role: 'img', 'aria-label': `${metric} during training per seed` });
      fill(trainingBox, 
        h('figure', null, h('div', { class: 'chart-box' }, lossCanvasT), h('figcaption', { class: 'small' },
          `Training loss (mean over the batch) by step, one line per seed of ${discoveryTask}`)),
        h('figure', null, h('div', { class: 'chart-box' }, evalCanvas), h('figcaption', { class: 'small' },
          `${metric} on held-out contexts during training, one line per seed`)));
    }
    lineChart(lossCanvasT, {
      xTitle: 'step', yTitle: 'loss',
      datasets: runs.map((run, i) => ({
        label: `seed ${run.seed}`,
        data: (run.result.trainingCurve || []).filter((p) => p.loss !== null).map((p) => ({ x: p.step, y: p.loss })),
        borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length],
        borderWidth: 1.5, pointRadius: 0,
      })),
    });
    lineChart(evalCanvas, {
      xTitle: 'step', yTitle: metric,
      datasets: runs.map((run, i) => ({
        label: `seed ${run.seed}`,
        data: (run.result.evaluations || []).filter((p) => p.metrics && p.metrics[metric] !== undefined)
          .map((p) => ({ x: p.step, y: p.metrics[metric] })),
        borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length],
        borderWidth: 1.5, pointRadius: 3,
      })),
    });
  }

  function renderRelatives(d) {
    const list = (title, items, empty) => h('div', null, h('h3', null, title), items.length
      ? h('ul', { class: 'relatives' }, items.map((r) => h('li', null,
        h('a', { href: `#/candidates/${r.id}` }, r.name), ' ', statusBadge(r.status),
        h('span', { class: 'small muted' }, ` #${r.id} · ${r.proposer} · ${fmt.num(r.fitnessMean)}`))))
      : h('p', { class: 'muted' }, empty));
    fill(relatives, 
      list('Parents', d.parents || [], 'None: it was not derived from another candidate.'),
      list('Children', d.children || [], 'None yet.'));
  }

  async function renderCurves() {
    const dpo = api(`/api/losses/dpo/curve?beta=${campaign.beta}`, { signal: ctx.signal });
    let mine;
    try {
      mine = await api(`/api/candidates/${id}/curve`, { signal: ctx.signal });
    } catch (e) {
      if (e instanceof ApiError) {
        fill(curveNote, h('p', { class: 'notice', role: 'status' }, `No curve for this candidate: ${e.message}`));
        mine = null;
      } else {
        throw e;
      }
    }
    const reference = await dpo;
    if (!ctx.active) {
      return;
    }
    const sets = (key) => {
      const data = [];
      if (mine) {
        data.push({ label: details.name, data: mine.points.map((p) => ({ x: p.rho, y: p[key] })),
          borderColor: PALETTE[0], backgroundColor: PALETTE[0], borderWidth: 2, pointRadius: 0 });
      }
      if (details.name !== 'dpo' || !mine) {
        data.push({ label: 'DPO', data: reference.points.map((p) => ({ x: p.rho, y: p[key] })),
          borderColor: DPO_COLOUR, backgroundColor: DPO_COLOUR, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0 });
      }
      return data;
    };
    lineChart(lossCanvas, { xTitle: 'ρ', yTitle: 'loss', datasets: sets('loss') });
    lineChart(gradCanvas, { xTitle: 'ρ', yTitle: 'dℓ/dρ', datasets: sets('dLossDRho') });
  }

  function renderAll(d) {
    renderHead(d);
    renderMetrics(d);
    renderTraining(d);
    renderRelatives(d);
  }

  renderAll(details);
  await renderCurves();

  if (UNFINISHED.includes(details.status) || campaign.phase === 'HELD_OUT') {
    const { lastEventId } = await api(`/api/campaigns/${campaign.id}/events/last`, { signal: ctx.signal });
    const reload = throttle(async () => {
      try {
        details = await api(`/api/candidates/${id}`, { signal: ctx.signal });
        if (ctx.active) {
          renderAll(details);
        }
      } catch (e) {
        if (ctx.active && e.name !== 'AbortError') {
          fill(notice, errorBox(e, 'Could not refresh'));
        }
      }
    }, 1000);
    // the snapshot may predate the last event read: read once more, then follow the stream
    reload();
    const close = subscribe(campaign.id, lastEventId, (type, event) => {
      if (event.candidateId === id && type !== 'candidate.progress') {
        reload();
      }
    }, () => {});
    ctx.onCleanup(() => {
      close();
      reload.cancel();
    });
  }
}
