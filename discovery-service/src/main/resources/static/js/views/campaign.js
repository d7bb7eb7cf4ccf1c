// #/campaigns/ID : status and progress, best-so-far chart, and the leaderboard (server-side
// sorting, search and paging), kept current by the campaign's event stream.
import { api, once } from '../api.js';
import { PALETTE, lineChart } from '../charts.js';
import { download } from '../download.js';
import { errorBox, fill, fmt, h, s, setTitle, statusBadge } from '../dom.js';
import { subscribe, throttle } from '../live.js';
import { campaignActions, progressBar } from './actions.js';

const STATUSES = ['EVALUATED', 'RUNNING', 'QUEUED', 'DUPLICATE', 'INVALID', 'FAILED', 'CANCELLED'];
const PAGE_SIZES = [25, 50, 100];
const COLUMNS = [
  { label: 'Rank', key: null, cls: 'num' },
  { label: 'Candidate', key: 'name' },
  { label: 'Status', key: 'status' },
  { label: 'Proposer', key: 'proposer' },
  { label: 'Fitness (95% CI)', key: 'rank', cls: 'num' },
  { label: 'Interval', key: null },
  { label: 'Δ vs DPO', key: 'delta', cls: 'num' },
  { label: 'p', key: 'pValue', cls: 'num' },
  { label: 'Parents', key: null },
];

export async function campaignView(ctx) {
  const id = Number(ctx.params[0]);
  const query = ctx.query;
  const state = {
    sort: query.get('sort') || 'rank',
    order: query.get('order') || '',
    q: query.get('q') || '',
    status: query.get('status') || '',
    offset: Math.max(0, Number(query.get('offset')) || 0),
    limit: PAGE_SIZES.includes(Number(query.get('limit'))) ? Number(query.get('limit')) : 50,
  };
  const progress = new Map(); // candidate id -> latest candidate.progress payload
  let eventsSeen = 0;

  // the newest event id before the snapshot: the stream then brings every later change, and no history
  const { lastEventId } = await api(`/api/campaigns/${id}/events/last`, { signal: ctx.signal });
  const [campaign, tasks] = await Promise.all([api(`/api/campaigns/${id}`, { signal: ctx.signal }), once('/api/tasks')]);
  if (!ctx.active) {
    return;
  }
  const taskName = campaign.task.split(':')[0];
  const metric = (tasks.find((t) => t.name === taskName) || {}).primaryMetric || 'fitness';
  setTitle(campaign.name);

  const notice = h('div', { 'aria-live': 'polite', id: 'notice' });
  const live = h('span', { class: 'live', id: 'live', role: 'status' }, 'Connecting…');
  const head = h('div');
  const cards = h('div', { class: 'cards' });
  const chartCanvas = h('canvas', { id: 'chart-best', role: 'img',
    'aria-label': `Best ${metric} so far against candidates evaluated` });
  const chartEmpty = h('p', { class: 'muted' }, 'No candidate evaluated yet.');
  const chartBox = h('div', { class: 'chart-box' }, chartCanvas);
  const boardBody = h('tbody');
  const boardHead = h('thead');
  const boardInfo = h('p', { class: 'small', id: 'board-info', 'aria-live': 'polite' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Leaderboard pages' });

  const search = h('input', { type: 'search', id: 'board-search', value: state.q, placeholder: 'name or hypothesis',
    autocomplete: 'off' });
  const statusFilter = h('select', { id: 'board-status' }, h('option', { value: '' }, 'All'),
    STATUSES.map((st) => h('option', { value: st, selected: st === state.status }, st.toLowerCase())));
  const pageSize = h('select', { id: 'board-size' },
    PAGE_SIZES.map((n) => h('option', { value: n, selected: n === state.limit }, `${n} per page`)));
  const topInput = h('input', { type: 'number', id: 'export-top', min: 1, max: 50, value: 5, class: 'narrow' });

  ctx.main.append(
    h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Campaigns'), ' › ',
      h('span', { 'aria-current': 'page' }, campaign.name)),
    head, notice, cards,
    h('section', { 'aria-labelledby': 'best-title', class: 'panel' },
      h('h2', { id: 'best-title' }, 'Best so far'),
      h('figure', null, chartEmpty, chartBox,
        h('figcaption', { class: 'small muted' }, `The best mean ${metric} among the candidates evaluated so far (line) `
          + 'and each candidate\'s own (dots), in the order they finished. Select a dot to open that candidate.'))),
    h('section', { 'aria-labelledby': 'board-title', class: 'panel' },
      h('div', { class: 'page-head' },
        h('h2', { id: 'board-title' }, 'Leaderboard'),
        h('form', { class: 'inline', onsubmit: (e) => {
          e.preventDefault();
          exportTop();
        } },
        h('label', { for: 'export-top' }, 'Export the best'), topInput,
        h('button', { type: 'submit', class: 'button', id: 'export-campaign' }, 'as JAR'))),
      h('div', { class: 'toolbar' },
        h('div', { class: 'field inline' }, h('label', { for: 'board-search' }, 'Search'), search),
        h('div', { class: 'field inline' }, h('label', { for: 'board-status' }, 'Status'), statusFilter),
        h('div', { class: 'field inline' }, h('label', { for: 'board-size', class: 'visually-hidden' }, 'Page size'), pageSize)),
      boardInfo,
      h('div', { class: 'table-wrap' }, h('table', { class: 'data leaderboard', id: 'leaderboard' },
        h('caption', { class: 'visually-hidden' }, `Candidates of ${campaign.name}, ranked by mean ${metric}`),
        boardHead, boardBody)),
      pager));

  renderHead(campaign);

  async function exportTop() {
    const top = Number(topInput.value);
    try {
      await download(`/api/campaigns/${id}/export.jar?top=${top}`, `lossforge-campaign-${id}.jar`);
    } catch (e) {
      fill(notice, errorBox(e, 'Could not export the campaign'));
    }
  }

  function renderHead(c) {
    const focusKey = head.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    fill(head, 
      h('div', { class: 'page-head' },
        h('div', null,
          h('h1', null, c.name, ' ', statusBadge(c.status)),
          h('p', { class: 'muted' }, `#${c.id} · ${c.task} · proposer ${c.proposer} · β ${c.beta} · seeds ${c.seeds.join(', ')}`
            + ` · phase ${c.phase.toLowerCase().replace('_', '-')}`),
          c.statusReason ? h('p', { class: 'small' }, c.statusReason) : null),
        h('div', { class: 'head-actions' }, live, campaignActions(c, {
          onDone: (updated) => {
            fill(notice);
            renderHead(updated);
          },
          onError: (e) => fill(notice, errorBox(e, 'Could not change the campaign')),
        }))));
    const again = focusKey ? head.querySelector(`[data-focus-key="${focusKey}"]`) : null;
    if (again && !again.disabled) {
      again.focus();
    }
    const counts = Object.entries(c.candidates || {});
    fill(cards, 
      h('div', { class: 'card' }, h('h2', null, 'Progress'), progressBar(c),
        h('ul', { class: 'chips', id: 'candidate-counts' }, counts.map(([st, n]) => h('li', { class: `chip status-${st.toLowerCase()}` },
          `${n} ${st.toLowerCase()}`)))),
      h('div', { class: 'card' }, h('h2', null, 'Budget'),
        h('p', { class: 'big' }, `${c.budget.proposed} / ${c.budget.maxCandidates}`),
        h('p', { class: 'small muted' }, 'candidates proposed beyond the baselines',
          c.budget.llmCalls ? ` · ${fmt.count(c.budget.llmCalls)} LLM calls, ${fmt.count(c.budget.promptTokens
            + c.budget.completionTokens)} tokens` : '')),
      h('div', { class: 'card', id: 'best-card' }, h('h2', null, 'Best so far'), c.best
        ? [h('p', { class: 'big' }, h('a', { href: `#/candidates/${c.best.candidateId}` }, c.best.name)),
          h('p', null, `${metric} ${fmt.num(c.best.fitnessMean)} [${fmt.num(c.best.fitnessCiLow)}, ${fmt.num(c.best.fitnessCiHigh)}]`),
          c.best.deltaVsDpo !== null && c.best.deltaVsDpo !== undefined
            ? h('p', { class: 'small' }, `${fmt.delta(c.best.deltaVsDpo)} vs DPO, p ${fmt.p(c.best.pValue)}`) : null]
        : h('p', { class: 'muted' }, 'No candidate evaluated yet.')));
  }

  function renderBoardHead() {
    const order = state.order || (state.sort === 'rank' || ['name', 'status', 'proposer', 'pValue'].includes(state.sort) ? 'asc' : 'desc');
    fill(boardHead, h('tr', null, COLUMNS.map((col) => {
      if (!col.key) {
        return h('th', { scope: 'col', class: col.cls || null }, col.label);
      }
      const active = state.sort === col.key;
      // the fitness column sorts by rank: rank ascending is fitness descending
      const ascending = col.key === 'rank' ? order === 'desc' : order === 'asc';
      return h('th', { scope: 'col', class: col.cls || null, 'aria-sort': active ? (ascending ? 'ascending' : 'descending') : null },
        h('button', { type: 'button', class: 'sort', dataset: { sort: col.key }, onclick: () => {
          if (state.sort === col.key) {
            state.order = order === 'asc' ? 'desc' : 'asc';
          } else {
            state.sort = col.key;
            state.order = '';
          }
          state.offset = 0;
          refreshBoard();
        } }, col.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (ascending ? ' ▲' : ' ▼') : '')));
    })));
  }

  async function loadBoard() {
    const params = new URLSearchParams({ limit: state.limit, offset: state.offset, sort: state.sort });
    if (state.order) {
      params.set('order', state.order);
    }
    if (state.q) {
      params.set('q', state.q);
    }
    if (state.status) {
      params.set('status', state.status);
    }
    ctx.replaceQuery({ sort: state.sort === 'rank' ? '' : state.sort, order: state.order, q: state.q, status: state.status,
      offset: state.offset || '', limit: state.limit === 50 ? '' : state.limit });
    const board = await api(`/api/campaigns/${id}/leaderboard?${params}`, { signal: ctx.signal });
    if (!ctx.active) {
      return;
    }
    renderBoardHead();
    renderBoard(board);
  }

  function renderBoard(board) {
    const focusKey = document.activeElement && boardBody.contains(document.activeElement)
      ? document.activeElement.dataset.focusKey : null;
    const scale = ciScale(board.entries);
    fill(boardBody, ...(board.entries.length ? board.entries.map((e) => boardRow(e, scale))
      : [h('tr', null, h('td', { colspan: COLUMNS.length, class: 'muted' },
        state.q || state.status ? 'No candidate matches.' : 'No candidate yet: the baselines are being queued.'))]));
    if (focusKey) {
      const again = boardBody.querySelector(`[data-focus-key="${focusKey}"]`);
      if (again) {
        again.focus();
      }
    }
    const first = board.total ? board.offset + 1 : 0;
    const lastShown = board.offset + board.entries.length;
    boardInfo.textContent = `${first}–${lastShown} of ${fmt.count(board.total)} candidates`
      + (state.q ? ` matching “${state.q}”` : '') + (state.status ? ` with status ${state.status.toLowerCase()}` : '');
    fill(pager, 
      h('button', { type: 'button', class: 'button', disabled: board.offset === 0, onclick: () => {
        state.offset = Math.max(0, state.offset - state.limit);
        refreshBoard();
      } }, 'Previous'),
      h('span', { class: 'small' }, `Page ${Math.floor(board.offset / board.limit) + 1} of ${Math.max(1, Math.ceil(board.total / board.limit))}`),
      h('button', { type: 'button', class: 'button', disabled: lastShown >= board.total, onclick: () => {
        state.offset += state.limit;
        refreshBoard();
      } }, 'Next'));
  }

  function boardRow(e, scale) {
    const f = e.fitness || {};
    const d = e.vsDpo;
    const significant = d && d.pValue !== null && d.pValue < 0.05;
    return h('tr', { dataset: { candidateId: e.candidateId, status: e.status } },
      h('td', { class: 'num' }, e.fitness && e.fitness.mean !== null ? e.rank : h('span', { class: 'muted' }, e.rank)),
      h('th', { scope: 'row' },
        h('a', { href: `#/candidates/${e.candidateId}`, dataset: { focusKey: `c${e.candidateId}` } }, e.name),
        e.baseline ? h('span', { class: 'tag' }, 'baseline') : null,
        e.duplicateOf ? h('div', { class: 'small muted' }, 'same as ',
          h('a', { href: `#/candidates/${e.duplicateOf}` }, `#${e.duplicateOf}`)) : null),
      h('td', { class: 'status-cell' }, statusBadge(e.status), runningNote(e)),
      h('td', null, e.proposer),
      h('td', { class: 'num' }, f.mean === null || f.mean === undefined ? '—' : [fmt.num(f.mean),
        h('div', { class: 'small muted' }, `[${fmt.num(f.ciLow)}, ${fmt.num(f.ciHigh)}]`)]),
      h('td', null, ciBar(f, scale)),
      h('td', { class: `num ${d && significant ? (d.meanDifference > 0 ? 'better' : 'worse') : ''}` },
        d ? fmt.delta(d.meanDifference) : '—'),
      h('td', { class: `num ${significant ? 'strong' : ''}` }, d ? fmt.p(d.pValue) : '—'),
      h('td', null, e.parentIds.length ? e.parentIds.map((p, i) => [i ? ', ' : '',
        h('a', { href: `#/candidates/${p}`, dataset: { focusKey: `p${e.candidateId}-${p}` } }, `#${p}`)]) : '—'));
  }

  function runningNote(e) {
    const p = progress.get(e.candidateId);
    if (e.status !== 'RUNNING' || !p || !p.totalSteps) {
      return h('span', { class: 'run-note' });
    }
    return h('span', { class: 'run-note small' }, ` seed ${p.seed}: ${Math.round((100 * p.step) / p.totalSteps)}%`);
  }

  /** One scale for the page's interval bars, with DPO's mean (fitness minus difference) as the reference. */
  function ciScale(entries) {
    let lo = Infinity;
    let hi = -Infinity;
    let dpo = null;
    for (const e of entries) {
      const f = e.fitness;
      if (!f || f.mean === null || f.mean === undefined) {
        continue;
      }
      lo = Math.min(lo, f.ciLow ?? f.mean, f.mean);
      hi = Math.max(hi, f.ciHigh ?? f.mean, f.mean);
      if (dpo === null && e.vsDpo && e.vsDpo.meanDifference !== null) {
        dpo = f.mean - e.vsDpo.meanDifference;
      }
    }
    if (!Number.isFinite(lo)) {
      return null;
    }
    if (dpo !== null) {
      lo = Math.min(lo, dpo);
      hi = Math.max(hi, dpo);
    }
    const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.1 || 0.01;
    return { lo: lo - pad, hi: hi + pad, dpo };
  }

  function ciBar(f, scale) {
    if (!scale || f.mean === null || f.mean === undefined) {
      return null;
    }
    const W = 140;
    const H = 18;
    const x = (v) => ((v - scale.lo) / (scale.hi - scale.lo)) * W;
    const low = f.ciLow ?? f.mean;
    const high = f.ciHigh ?? f.mean;
    const label = `mean ${fmt.num(f.mean)}, 95% interval ${fmt.num(low)} to ${fmt.num(high)}`
      + (scale.dpo !== null ? `; DPO ${fmt.num(scale.dpo)}` : '');
    return s('svg', { class: 'ci-bar', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label },
      s('title', null, label),
      s('line', { x1: 0, x2: W, y1: H / 2, y2: H / 2, class: 'ci-axis' }),
      scale.dpo !== null ? s('line', { x1: x(scale.dpo), x2: x(scale.dpo), y1: 1, y2: H - 1, class: 'ci-dpo' }) : null,
      s('rect', { x: x(low), y: H / 2 - 3, width: Math.max(1.5, x(high) - x(low)), height: 6, rx: 2, class: 'ci-range' }),
      s('circle', { cx: x(f.mean), cy: H / 2, r: 3.5, class: 'ci-mean' }));
  }

  async function loadChart() {
    const series = await api(`/api/campaigns/${id}/best-so-far`, { signal: ctx.signal });
    if (!ctx.active) {
      return;
    }
    const has = series.points.length > 0;
    chartEmpty.hidden = has;
    chartBox.hidden = !has;
    if (!has) {
      return;
    }
    chartCanvas.setAttribute('aria-label', `Best ${metric} so far: ${fmt.num(series.points[series.points.length - 1].best)} `
      + `after ${series.evaluated} candidates evaluated`);
    lineChart(chartCanvas, {
      xTitle: 'Candidates evaluated',
      yTitle: metric,
      xExtra: { ticks: { precision: 0, color: '#333' } },
      datasets: [
        { label: 'Best so far', data: series.points.map((p) => ({ x: p.n, y: p.best, id: p.candidateId, name: p.name })),
          // horizontal until the candidate that raised it, then up
          stepped: 'before', borderColor: PALETTE[0], backgroundColor: PALETTE[0], borderWidth: 2, pointRadius: 0 },
        { label: 'Candidate', type: 'scatter', showLine: false,
          data: series.points.map((p) => ({ x: p.n, y: p.fitness, id: p.candidateId, name: p.name, baseline: p.baseline })),
          borderColor: PALETTE[1], backgroundColor: series.points.map((p) => (p.baseline ? '#ffffff' : PALETTE[1])),
          pointStyle: series.points.map((p) => (p.baseline ? 'rectRot' : 'circle')), pointRadius: 4, pointHoverRadius: 6 },
      ],
      tooltipLabel: (item) => `${item.raw.name}: ${fmt.num(item.raw.y)}`,
      onPointClick: (point) => {
        location.hash = `#/candidates/${point.id}`;
      },
    });
  }

  async function loadHead() {
    const c = await api(`/api/campaigns/${id}`, { signal: ctx.signal });
    if (ctx.active) {
      renderHead(c);
    }
  }

  const refresh = (fn) => fn().catch((e) => {
    if (ctx.active && e.name !== 'AbortError') {
      fill(notice, errorBox(e, 'Could not refresh'));
    }
  });
  const refreshBoard = () => refresh(loadBoard);
  const liveBoard = throttle(() => refresh(loadBoard), 700);
  const liveHead = throttle(() => refresh(loadHead), 700);
  const liveChart = throttle(() => refresh(loadChart), 1000);
  ctx.onCleanup(() => {
    liveBoard.cancel();
    liveHead.cancel();
    liveChart.cancel();
  });

  let searchTimer = null;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.q = search.value.trim();
      state.offset = 0;
      refreshBoard();
    }, 300);
  });
  statusFilter.addEventListener('change', () => {
    state.status = statusFilter.value;
    state.offset = 0;
    refreshBoard();
  });
  pageSize.addEventListener('change', () => {
    state.limit = Number(pageSize.value);
    state.offset = 0;
    refreshBoard();
  });

  await Promise.all([loadBoard(), loadChart()]);

  const close = subscribe(id, lastEventId, (type, event) => {
    eventsSeen += 1;
    live.dataset.events = String(eventsSeen);
    live.textContent = `Live · ${fmt.count(eventsSeen)} update${eventsSeen === 1 ? '' : 's'}`;
    const payload = event.payload || {};
    if (type === 'candidate.progress') {
      progress.set(event.candidateId, payload);
      const row = boardBody.querySelector(`tr[data-candidate-id="${event.candidateId}"]`);
      if (row && row.dataset.status === 'RUNNING') {
        const slot = row.querySelector('.run-note');
        if (slot && payload.totalSteps) {
          slot.textContent = ` seed ${payload.seed}: ${Math.round((100 * payload.step) / payload.totalSteps)}%`;
        }
      }
      return;
    }
    if (type === 'candidate.finished') {
      progress.delete(event.candidateId);
      liveChart();
    }
    if (type.startsWith('campaign.') || type === 'candidate.finished' || type === 'job.finished'
      || type === 'candidate.validated' || type === 'candidate.started') {
      liveHead();
    }
    if (type !== 'campaign.phase') {
      liveBoard();
    }
  }, (connection) => {
    live.dataset.state = connection;
    if (connection !== 'open') {
      live.textContent = connection === 'closed' ? 'Live updates stopped' : 'Reconnecting…';
    } else if (!eventsSeen) {
      live.textContent = 'Live';
    }
  });
  ctx.onCleanup(close);
}
