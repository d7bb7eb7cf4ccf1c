// #/ : every campaign with its status and progress; refreshed every few seconds.
import { api } from '../api.js';
import { errorBox, fill, fmt, h, setTitle, statusBadge } from '../dom.js';
import { campaignActions, progressBar } from './actions.js';

const PAGE = 25;
const REFRESH_MS = 4000;

export async function campaignsView(ctx) {
  setTitle('Campaigns');
  const offset = Math.max(0, Number(ctx.query.get('offset')) || 0);
  const notice = h('div', { 'aria-live': 'polite' });
  const body = h('div', { class: 'table-wrap' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Campaign pages' });
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('h1', null, 'Campaigns'),
      h('a', { class: 'button primary', href: '#/new' }, 'New campaign')),
    notice, body, pager);

  async function load() {
    const page = await api(`/api/campaigns?limit=${PAGE}&offset=${offset}`, { signal: ctx.signal });
    if (!ctx.active) {
      return;
    }
    // the list redraws every few seconds: keep the keyboard focus where it was
    const focusKey = body.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    fill(body, page.campaigns.length ? table(page.campaigns) : empty());
    const again = focusKey ? body.querySelector(`[data-focus-key="${focusKey}"]`) : null;
    if (again) {
      again.focus();
    }
    fill(pager, 
      offset > 0 ? h('a', { class: 'button', href: `#/?offset=${Math.max(0, offset - PAGE)}` }, 'Newer') : null,
      h('span', { class: 'small' }, page.total ? `${offset + 1}–${offset + page.campaigns.length} of ${page.total}` : ''),
      offset + PAGE < page.total ? h('a', { class: 'button', href: `#/?offset=${offset + PAGE}` }, 'Older') : null);
  }

  function empty() {
    return h('div', { class: 'empty' },
      h('p', null, 'No campaign yet.'),
      h('p', null, h('a', { href: '#/new' }, 'Launch one'), ': pick a task, a proposer and a budget.'));
  }

  function table(campaigns) {
    return h('table', { class: 'data', id: 'campaigns' },
      h('caption', { class: 'visually-hidden' }, 'Campaigns, newest first'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Campaign'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Progress'),
        h('th', { scope: 'col' }, 'Candidates'),
        h('th', { scope: 'col' }, 'Budget'),
        h('th', { scope: 'col' }, 'Best so far'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', null, campaigns.map(row)));
  }

  function row(c) {
    const counts = Object.entries(c.candidates || {});
    return h('tr', { dataset: { campaignId: c.id } },
      h('td', null,
        h('a', { href: `#/campaigns/${c.id}`, class: 'strong', dataset: { focusKey: `c${c.id}` } }, c.name),
        h('div', { class: 'small muted' }, `#${c.id} · ${c.task} · ${c.proposer} · ${fmt.time(c.createdAt)}`)),
      h('td', null, statusBadge(c.status), c.statusReason ? h('div', { class: 'small muted' }, c.statusReason) : null),
      h('td', null, progressBar(c)),
      h('td', null, counts.length
        ? h('ul', { class: 'chips' }, counts.map(([status, n]) => h('li', { class: `chip status-${status.toLowerCase()}` },
          `${n} ${status.toLowerCase()}`)))
        : h('span', { class: 'muted' }, 'none yet')),
      h('td', null, `${c.budget.proposed}/${c.budget.maxCandidates}`, h('div', { class: 'small muted' }, 'proposals')),
      h('td', null, c.best
        ? [h('a', { href: `#/candidates/${c.best.candidateId}` }, c.best.name),
          h('div', { class: 'small' }, fmt.num(c.best.fitnessMean),
            c.best.deltaVsDpo !== null && c.best.deltaVsDpo !== undefined ? ` (${fmt.delta(c.best.deltaVsDpo)} vs DPO)` : '')]
        : h('span', { class: 'muted' }, '—')),
      h('td', null, campaignActions(c, {
        compact: true,
        onDone: () => load(),
        onError: (e) => fill(notice, errorBox(e, `Could not change campaign ${c.name}`)),
      })));
  }

  await load();
  const timer = setInterval(() => load().catch((e) => {
    if (ctx.active && e.name !== 'AbortError') {
      fill(notice, errorBox(e, 'Could not refresh the campaigns'));
    }
  }), REFRESH_MS);
  ctx.onCleanup(() => clearInterval(timer));
}
