// Pause, resume and cancel, shared by the campaign list and the campaign page.
import { api } from '../api.js';
import { h } from '../dom.js';

const ACTIONS = [
  { verb: 'pause', label: 'Pause', allowed: ['QUEUED', 'RUNNING'] },
  { verb: 'resume', label: 'Resume', allowed: ['PAUSED'] },
  { verb: 'cancel', label: 'Cancel', allowed: ['QUEUED', 'RUNNING', 'PAUSED'],
    confirm: 'Cancel this campaign? Queued jobs are dropped and running ones told to stop; this cannot be undone.' },
];

/** Buttons for the state changes a campaign's status allows; onDone(campaign) after each, onError(error). */
export function campaignActions(campaign, { onDone, onError, compact = false }) {
  return h('div', { class: 'actions', role: 'group', 'aria-label': `Actions for campaign ${campaign.name}` },
    ACTIONS.filter((a) => !compact || a.allowed.includes(campaign.status)).map((a) => h('button', {
      type: 'button',
      class: a.verb === 'cancel' ? 'button danger' : 'button',
      disabled: !a.allowed.includes(campaign.status),
      dataset: { action: a.verb, focusKey: `${campaign.id}-${a.verb}` },
      'aria-label': compact ? `${a.label} ${campaign.name}` : null,
      onclick: async (event) => {
        if (a.confirm && !window.confirm(a.confirm)) {
          return;
        }
        const button = event.currentTarget;
        button.disabled = true;
        try {
          onDone(await api(`/api/campaigns/${campaign.id}/${a.verb}`, { method: 'POST' }));
        } catch (e) {
          button.disabled = false;
          onError(e);
        }
      },
    }, a.label)));
}

/** Jobs done out of all jobs: the campaign's progress. */
export function jobProgress(campaign) {
  const jobs = (campaign.budget && campaign.budget.jobs) || {};
  const total = Object.values(jobs).reduce((a, b) => a + b, 0);
  const done = (jobs.SUCCEEDED || 0) + (jobs.FAILED || 0) + (jobs.CANCELLED || 0);
  return { done, total, running: jobs.LEASED || 0, queued: jobs.QUEUED || 0 };
}

export function progressBar(campaign) {
  const { done, total, running } = jobProgress(campaign);
  return h('div', { class: 'progress' },
    h('progress', { max: Math.max(total, 1), value: done, 'aria-label': `Jobs of ${campaign.name} finished` }),
    h('span', { class: 'small' }, `${done}/${total} jobs`, running ? ` · ${running} running` : ''));
}
