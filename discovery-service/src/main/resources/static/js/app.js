// Hash routing: #/ campaigns, #/new launch form, #/campaigns/ID a campaign, #/candidates/ID a candidate.
import { campaignsView } from './views/campaigns.js';
import { launchView } from './views/launch.js';
import { campaignView } from './views/campaign.js';
import { candidateView } from './views/candidate.js';
import { destroyCharts } from './charts.js';
import { errorBox, fill, h, setTitle } from './dom.js';

const routes = [
  { pattern: /^#\/?$/, view: campaignsView, nav: 'campaigns' },
  { pattern: /^#\/new$/, view: launchView, nav: 'new' },
  { pattern: /^#\/campaigns\/(\d+)$/, view: campaignView, nav: 'campaigns' },
  { pattern: /^#\/candidates\/(\d+)$/, view: candidateView, nav: 'campaigns' },
];

const main = document.getElementById('main');
let current = null;

/** What a view gets: where to draw, its parameters, and a way to stop when the page changes. */
class ViewContext {
  constructor(params, query) {
    this.main = main;
    this.params = params;
    this.query = query;
    this.controller = new AbortController();
    this.cleanups = [];
  }

  get signal() {
    return this.controller.signal;
  }

  get active() {
    return !this.controller.signal.aborted;
  }

  onCleanup(fn) {
    this.cleanups.push(fn);
  }

  /** Keeps the view's state (sort, search, page) in the address without a new route. */
  replaceQuery(params) {
    const path = location.hash.split('?')[0];
    const text = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== ''))
      .toString();
    history.replaceState(null, '', text ? `${path}?${text}` : path);
  }

  close() {
    this.controller.abort();
    for (const fn of this.cleanups) {
      try {
        fn();
      } catch (e) {
        console.warn('cleanup failed', e);
      }
    }
    destroyCharts(main);
  }
}

async function route() {
  const hash = location.hash || '#/';
  if (!hash.startsWith('#/')) {
    return; // an in-page anchor such as the skip link
  }
  const [path, queryText] = hash.split('?');
  if (current) {
    current.close();
    current = null;
  }
  const match = routes.map((r) => ({ r, m: path.match(r.pattern) })).find((x) => x.m);
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (match && link.dataset.nav === match.r.nav) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  fill(main);
  if (!match) {
    setTitle('Not found');
    main.append(h('h1', null, 'Not found'), h('p', null, 'No page at ', h('code', null, hash), '. ',
      h('a', { href: '#/' }, 'Back to the campaigns')));
    return;
  }
  const context = new ViewContext(match.m.slice(1), new URLSearchParams(queryText || ''));
  current = context;
  try {
    await match.r.view(context);
  } catch (e) {
    if (context.active && e.name !== 'AbortError') {
      console.error(e);
      main.append(errorBox(e, 'Could not show this page'));
    }
  }
  main.dataset.ready = 'true';
}

window.addEventListener('hashchange', () => {
  main.dataset.ready = 'false';
  route().then(() => {
    if (document.activeElement === document.body) {
      main.focus({ preventScroll: true });
    }
  });
});
// a module runs once the document is parsed
route();
