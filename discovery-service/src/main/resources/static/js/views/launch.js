// #/new : the launch form. Tasks, variants, settings, losses and proposers come from the service, so
// the form offers exactly what this build can run; the service still validates everything and its
// problem's field names point the errors at the inputs.
import { api, ApiError, once } from '../api.js';
import { errorBox, fill, h, setTitle } from '../dom.js';

export async function launchView(ctx) {
  setTitle('New campaign');
  const [tasks, losses, proposers, defaults] = await Promise.all([
    once('/api/tasks'), once('/api/losses'), once('/api/proposers'), once('/api/campaign-defaults')]);
  if (!ctx.active) {
    return;
  }

  const summary = h('div', { id: 'form-errors', tabindex: '-1' });
  const fieldInputs = new Map(); // problem field name -> input element

  function field(id, label, input, hint) {
    const hintId = hint ? `${id}-hint` : null;
    const errorId = `${id}-error`;
    input.id = id;
    const described = [hintId, errorId].filter(Boolean).join(' ');
    input.setAttribute('aria-describedby', described);
    return h('div', { class: 'field' },
      h('label', { for: id }, label),
      input,
      hint ? h('div', { class: 'hint', id: hintId }, hint) : null,
      h('div', { class: 'field-error', id: errorId }));
  }

  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'off',
    value: `campaign ${new Date().toISOString().slice(0, 16).replace('T', ' ')}` });
  const task = h('select', { name: 'task' }, tasks.map((t) => h('option', { value: t.name }, t.name)));
  const taskHint = h('span');
  const variant = h('select', { name: 'variant' });
  const proposer = h('select', { name: 'proposer' }, proposers.map((p) => h('option', {
    value: p.name, disabled: !p.available, selected: p.name === defaults.proposer,
  }, p.available ? p.name : `${p.name} (not in this build)`)));
  const seeds = h('input', { type: 'text', name: 'seeds', inputmode: 'numeric', value: defaults.seeds.join(', '),
    pattern: '\\s*\\d+(\\s*,\\s*\\d+)*\\s*' });
  const budget = h('input', { type: 'number', name: 'maxCandidates', min: 0, max: defaults.maxCandidatesLimit, step: 1,
    value: defaults.maxCandidates });
  const beta = h('input', { type: 'number', name: 'beta', min: 0, max: defaults.maxBeta, step: 'any', value: defaults.beta });
  const heldOutTop = h('input', { type: 'number', name: 'heldOutTop', min: 0, max: 100, step: 1, value: defaults.heldOutTop });
  fieldInputs.set('name', name);
  fieldInputs.set('task', task);
  fieldInputs.set('proposer', proposer);
  fieldInputs.set('seeds', seeds);
  fieldInputs.set('maxCandidates', budget);
  fieldInputs.set('beta', beta);
  fieldInputs.set('heldOutTop', heldOutTop);

  const baselineBoxes = losses.map((loss) => h('input', {
    type: 'checkbox', name: 'baselines', value: loss.name, id: `baseline-${loss.name}`,
    checked: loss.defaultBaseline || loss.name === 'dpo', disabled: loss.name === 'dpo',
  }));
  const baselines = h('fieldset', { class: 'checks', id: 'baselines' },
    h('legend', null, 'Baselines'),
    h('p', { class: 'hint' }, 'Built-in losses evaluated first. DPO is always one: every difference is taken against it.'),
    h('div', { class: 'check-grid' }, losses.map((loss, i) => h('div', { class: 'check' },
      baselineBoxes[i],
      h('label', { for: `baseline-${loss.name}`, title: `${loss.summary} (${loss.paper})` }, loss.name,
        loss.name === 'dpo' ? h('span', { class: 'small muted' }, ' (always)') : null)))));

  const settingsBody = h('tbody');
  const settingsCaption = h('span');
  const settings = h('details', { class: 'settings', id: 'task-settings' },
    h('summary', null, 'Task settings ', settingsCaption),
    h('p', { class: 'hint' }, 'Defaults of the chosen variant; only the values you change are sent as taskConfig.'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data compact' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Setting'), h('th', { scope: 'col' }, 'Value'),
        h('th', { scope: 'col' }, 'Default'))),
      settingsBody)));
  const heldOutList = h('div', { class: 'check-grid' });
  const heldOut = h('fieldset', { class: 'checks', id: 'held-out' },
    h('legend', null, 'Held-out tasks'),
    h('p', { class: 'hint' }, 'When the budget is spent, the best candidates and DPO are evaluated again on these.'),
    heldOutList,
    h('div', { class: 'field narrow-field' }, h('label', { for: 'campaign-held-out-top' }, 'How many of the best'), heldOutTop,
      h('div', { class: 'field-error', id: 'campaign-held-out-top-error' })));
  heldOutTop.id = 'campaign-held-out-top';
  heldOutTop.setAttribute('aria-describedby', 'campaign-held-out-top-error');
  heldOutTop.classList.add('narrow');

  let settingInputs = [];

  function currentTask() {
    return tasks.find((t) => t.name === task.value) || tasks[0];
  }

  function fillVariants() {
    const t = currentTask();
    taskHint.textContent = `${t.description}; fitness: ${t.primaryMetric}.`;
    fill(variant, ...t.variants.map((v) => h('option', { value: v.name, selected: v.name === t.defaultVariant },
      v.name)));
    fillSettings();
  }

  function fillSettings() {
    const t = currentTask();
    const v = t.variants.find((x) => x.name === variant.value) || t.variants[0];
    settingsCaption.textContent = `(${v.spec}; fitness: ${t.primaryMetric})`;
    settingInputs = [];
    for (const key of [...fieldInputs.keys()]) {
      if (key.startsWith('taskConfig.')) {
        fieldInputs.delete(key);
      }
    }
    fill(settingsBody, ...v.settings.filter((s) => s.name !== 'beta').map((setting) => {
      const id = `setting-${setting.name}`;
      let input;
      if (setting.type === 'boolean') {
        input = h('input', { type: 'checkbox', id, checked: setting.defaultValue });
      } else if (setting.type === 'integer' || setting.type === 'number') {
        input = h('input', { type: 'number', id, step: setting.type === 'integer' ? 1 : 'any', value: setting.defaultValue,
          class: 'narrow' });
      } else {
        input = h('input', { type: 'text', id, value: setting.defaultValue });
      }
      input.dataset.setting = setting.name;
      input.setAttribute('aria-describedby', `${id}-error`);
      settingInputs.push({ setting, input });
      fieldInputs.set(`taskConfig.${setting.name}`, input);
      return h('tr', null,
        h('th', { scope: 'row' }, h('label', { for: id }, setting.name)),
        h('td', null, input, h('div', { class: 'field-error', id: `${id}-error` })),
        h('td', { class: 'muted' }, String(setting.defaultValue)));
    }));
    fill(heldOutList, ...tasks.flatMap((other) => other.variants
      .filter((x) => x.spec !== v.spec)
      .map((x) => {
        const id = `held-out-${x.spec.replace(/[^a-z0-9]+/gi, '-')}`;
        return h('div', { class: 'check' }, h('input', { type: 'checkbox', id, value: x.spec, name: 'heldOutTasks' }),
          h('label', { for: id }, x.spec));
      })));
  }

  task.addEventListener('change', fillVariants);
  variant.addEventListener('change', fillSettings);
  fillVariants();

  function request() {
    const errors = [];
    const seedText = seeds.value.trim();
    const seedList = seedText ? seedText.split(/\s*,\s*/).map((x) => Number(x)) : [];
    if (seedList.some((x) => !Number.isInteger(x) || x < 0)) {
      errors.push({ field: 'seeds', message: 'seeds are whole numbers of at least 0, separated by commas' });
    }
    const taskConfig = {};
    for (const { setting, input } of settingInputs) {
      let value;
      if (setting.type === 'boolean') {
        value = input.checked;
      } else if (setting.type === 'integer' || setting.type === 'number') {
        if (input.value.trim() === '' || !Number.isFinite(Number(input.value))) {
          errors.push({ field: `taskConfig.${setting.name}`, message: `${setting.name} must be a number` });
          continue;
        }
        value = Number(input.value);
      } else {
        value = input.value;
      }
      if (value !== setting.defaultValue) {
        taskConfig[setting.name] = value;
      }
    }
    return {
      errors,
      body: {
        name: name.value.trim(),
        task: `${task.value}:${variant.value}`,
        taskConfig,
        proposer: proposer.value,
        seeds: seedList,
        maxCandidates: budget.value === '' ? null : Number(budget.value),
        beta: beta.value === '' ? null : Number(beta.value),
        baselines: baselineBoxes.filter((b) => b.checked).map((b) => b.value),
        heldOutTasks: [...heldOutList.querySelectorAll('input:checked')].map((b) => b.value),
        heldOutTop: heldOutTop.value === '' ? null : Number(heldOutTop.value),
      },
    };
  }

  function showErrors(errors, message) {
    for (const el of ctx.main.querySelectorAll('[aria-invalid="true"]')) {
      el.removeAttribute('aria-invalid');
    }
    for (const el of ctx.main.querySelectorAll('.field-error')) {
      el.textContent = '';
    }
    fill(summary);
    if (!errors.length && !message) {
      return;
    }
    const items = errors.map((e) => {
      const input = inputFor(e.field);
      if (input) {
        const details = input.closest('details');
        if (details) {
          details.open = true;
        }
        input.setAttribute('aria-invalid', 'true');
        const slot = document.getElementById(`${input.id}-error`);
        if (slot) {
          slot.textContent = e.message;
        }
      }
      return h('li', null, input ? h('a', { href: `#${input.id}`, onclick: (ev) => {
        ev.preventDefault();
        input.focus();
      } }, e.field) : h('strong', null, e.field), `: ${e.message}`);
    });
    fill(summary, h('div', { class: 'notice error', role: 'alert' },
      h('strong', null, 'The campaign was not launched'), message ? `: ${message}` : '',
      items.length ? h('ul', null, items) : null));
    summary.focus();
  }

  function inputFor(fieldName) {
    if (fieldInputs.has(fieldName)) {
      return fieldInputs.get(fieldName);
    }
    const base = fieldName.replace(/\[\d+\].*$/, '');
    if (base === 'seeds') {
      return seeds;
    }
    if (base === 'baselines') {
      return baselineBoxes.find((b) => !b.disabled) || null;
    }
    if (base === 'heldOutTasks') {
      return heldOutList.querySelector('input');
    }
    return null;
  }

  const submit = h('button', { type: 'submit', class: 'button primary', id: 'launch' }, 'Launch campaign');
  const form = h('form', { id: 'launch-form', novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    const { errors, body } = request();
    if (errors.length) {
      showErrors(errors);
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Launching…';
    try {
      const campaign = await api('/api/campaigns', { method: 'POST', body });
      location.hash = `#/campaigns/${campaign.id}`;
    } catch (e) {
      submit.disabled = false;
      submit.textContent = 'Launch campaign';
      if (e instanceof ApiError && e.errors.length) {
        showErrors(e.errors);
      } else {
        showErrors([], e.message);
      }
    }
  } },
  summary,
  h('div', { class: 'form-grid' },
    field('campaign-name', 'Name', name),
    field('campaign-task', 'Task', task, taskHint),
    field('campaign-variant', 'Variant', variant, 'The task\'s data setting, e.g. the share of flipped labels.'),
    field('campaign-proposer', 'Proposer', proposer, 'Who writes new losses once the baselines are in.'),
    field('campaign-seeds', 'Seeds', seeds, `Comma-separated; every candidate trains once per seed (at most ${defaults.maxSeeds}).`),
    field('campaign-budget', 'Budget (candidates)', budget, 'Candidates the proposer may add beyond the baselines.'),
    field('campaign-beta', 'β (beta)', beta, 'The losses\' β on every task that has one.')),
  baselines,
  settings,
  heldOut,
  h('div', { class: 'form-actions' }, submit, h('a', { class: 'button', href: '#/' }, 'Back')));

  ctx.main.append(h('h1', null, 'New campaign'), form);
  name.focus();
}
