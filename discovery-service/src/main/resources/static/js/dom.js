// Small DOM helpers. Text always goes in as text nodes: candidate names, hypotheses and code come
// from LLMs and users, and none of it is ever parsed as HTML.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
}

function setAttributes(el, attrs) {
  if (!attrs) {
    return;
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      el.setAttribute('class', value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else if (key === 'checked' || key === 'disabled' || key === 'selected') {
      el[key] = Boolean(value);
      if (value) {
        el.setAttribute(key, '');
      }
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const significant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const signed = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3, signDisplay: 'exceptZero' });

export const fmt = {
  num(v) {
    if (v === null || v === undefined || !Number.isFinite(v)) {
      return '—';
    }
    if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-4)) {
      return v.toExponential(2);
    }
    return significant.format(v);
  },
  delta(v) {
    if (v === null || v === undefined || !Number.isFinite(v)) {
      return '—';
    }
    if (v !== 0 && Math.abs(v) < 1e-4) {
      return (v > 0 ? '+' : '') + v.toExponential(1);
    }
    return signed.format(v);
  },
  p(v) {
    if (v === null || v === undefined || !Number.isFinite(v)) {
      return '—';
    }
    if (v < 0.001) {
      return '< 0.001';
    }
    return v.toFixed(3);
  },
  time(iso) {
    if (!iso) {
      return '—';
    }
    const d = new Date(iso);
    return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  },
  count(n) {
    return new Intl.NumberFormat('en-US').format(n ?? 0);
  },
};

export function statusBadge(status, extra) {
  return h('span', { class: `badge status-${String(status).toLowerCase()}` }, status, extra);
}

/** A notice for a failed load or action, announced to screen readers. */
export function errorBox(error, prefix) {
  const lines = error && error.errors && error.errors.length > 1
    ? h('ul', null, error.errors.map((e) => h('li', null, `${e.field}: ${e.message}`)))
    : null;
  return h('div', { class: 'notice error', role: 'alert' },
    h('strong', null, prefix || 'Something went wrong'), ': ', error ? error.message : 'unknown error', lines);
}

export function setTitle(text) {
  document.title = text ? `${text} · LossForge` : 'LossForge';
}

/** Replaces an element's children; null, undefined and false are left out (replaceChildren would write "null"). */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}
