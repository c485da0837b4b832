// Concord console: the API client and the small building blocks the views share. Every text from the API is set
// with textContent, never parsed as HTML.

/** Where the API key is kept: sessionStorage only (gone with the tab), never a URL, cookie or localStorage. */
export const KEY = 'concord.key';

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

/** Calls the API with the session's key; JSON answers are parsed, errors thrown with the API's reason. */
export async function api(path, { method = 'GET', body, headers = {}, raw = false } = {}) {
  const key = sessionStorage.getItem(KEY);
  const res = await fetch(path, { method, body, headers: { ...headers, 'X-API-Key': key }, cache: 'no-store' });
  if (!res.ok) {
    let reason = res.statusText;
    try { reason = (await res.json()).error || reason; } catch (e) { /* not JSON */ }
    throw new ApiError(res.status, reason);
  }
  if (raw) return res;
  return res.status === 204 ? null : res.json();
}

/** An element with attributes, properties and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** An amount as the API gives it, with two decimals and grouping (the API's number, only formatted). */
export function fmt(n) {
  return n === null || n === undefined || n === '' ? '' : money.format(Number(n));
}

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A number cell, red when negative: an amount with two decimals, or a count. */
export function num(n, count = false) {
  const text = n === null || n === undefined || n === '' ? '' : count ? whole.format(Number(n)) : fmt(n);
  return el('td', { class: 'num' + (Number(n) < 0 ? ' neg' : ''), 'data-value': n ?? '' }, text);
}

/** A card with a heading and content. */
export function card(title, ...content) {
  const id = 'h-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return el('section', { class: 'card', 'aria-labelledby': id }, el('h2', { id }, title), ...content);
}

/** A message in place of a view's content when a call fails. */
export function failure(e) {
  return el('p', { class: 'error', role: 'alert' }, e instanceof ApiError ? `${e.status}: ${e.message}` : String(e));
}

/**
 * A table: columns [{ label, value(row) -> string|number|Node (a td when a Node is a td), num: bool, sort: key }],
 * sortable by clicking (or Enter on) a header; rows may be picked with the mouse or the keyboard.
 */
export function table(caption, columns, rows, { onPick, id } = {}) {
  let sorted = rows.slice();
  let by = null, desc = false;
  const tbody = el('tbody');
  const render = () => {
    tbody.replaceChildren(...sorted.map(row => {
      const tr = el('tr', onPick ? { class: 'pick', tabindex: 0 } : {});
      for (const c of columns) {
        const v = c.value(row);
        tr.append(v instanceof HTMLTableCellElement ? v
          : c.num ? num(v, c.count) : el('td', {}, v instanceof Node ? v : (v ?? '')));
      }
      if (onPick) {
        const pick = () => {
          tbody.querySelectorAll('tr.selected').forEach(t => t.classList.remove('selected'));
          tr.classList.add('selected');
          onPick(row);
        };
        tr.addEventListener('click', pick);
        tr.addEventListener('keydown', ev => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); pick(); } });
      }
      return tr;
    }));
  };
  const heads = columns.map(c => {
    const th = el('th', { scope: 'col', class: c.num ? 'num' : '' });
    const key = c.sort ?? (r => c.value(r));
    th.append(el('button', { type: 'button', onclick: () => {
      desc = by === c ? !desc : c.num === true;
      by = c;
      sorted.sort((a, b) => {
        const x = key(a), y = key(b);
        const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
        return desc ? -cmp : cmp;
      });
      heads.forEach(h => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
      render();
    } }, c.label));
    return th;
  });
  render();
  return el('div', { class: 'scroll' }, el('table', id ? { id } : {}, el('caption', { class: 'muted' }, caption),
    el('thead', {}, el('tr', {}, heads)), tbody));
}

/** A bar chart (ECharts) of named series over categories. */
export function barChart(label, categories, series, { horizontal = false } = {}) {
  const div = el('div', { class: 'chart', role: 'img', 'aria-label': label });
  requestAnimationFrame(() => {
    if (!window.echarts) { div.textContent = 'charts unavailable'; return; }
    const chart = window.echarts.init(div, null, { renderer: 'svg' });
    const cat = { type: 'category', data: categories, axisLabel: { interval: 0, rotate: horizontal ? 0 : 30 } };
    const val = { type: 'value' };
    chart.setOption({
      legend: { top: 0 }, grid: { left: 10, right: 20, bottom: 10, top: 36, containLabel: true },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: horizontal ? val : cat, yAxis: horizontal ? cat : val,
      series: series.map(s => ({ type: 'bar', name: s.name, data: s.data })),
      aria: { enabled: true },
    });
    new ResizeObserver(() => chart.resize()).observe(div);
  });
  return div;
}

/** Downloads an API answer as a file (the key goes in the header, so a plain link cannot be used). */
export async function download(path, name) {
  const res = await api(path, { raw: true });
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

