// The console's views: a firm's (its own, or the one a regulator drills into), the regulator's market, firms and
// positions, and the mapping maintainer's. Each reads the API only; the numbers shown are the API's, formatted.
import { api, el, fmt, card, failure, table, barChart, download } from './ui.js';

const STATUSES = ['ACCEPTED', 'PARTIAL', 'REJECTED', 'DUPLICATE'];

function light(status) {
  return el('td', { class: status }, el('span', { class: 'light', 'aria-hidden': 'true' }), status);
}

function kpi(label, value, id) {
  return el('div', { class: 'kpi' }, el('div', { class: 'k' }, label),
    el('div', { class: 'v' + (Number(value) < 0 ? ' neg' : ''), id, 'data-value': value ?? '' }, fmt(value)));
}

/** An answer the API refused, shown where its content would be (404: nothing yet). */
async function orMessage(load) {
  try {
    return await load();
  } catch (e) {
    return failure(e);
  }
}

// ---- the firm ----

/** A firm's view: submissions, upload (for the firm itself), margin per account with explain, exceptions, history. */
export async function firmView(lei, me) {
  const mine = me.role === 'FIRM';
  const root = el('div', { id: 'firm-view', 'data-firm': lei });
  root.append(el('h2', {}, `Firm ${lei}`));
  const subs = el('div', { id: 'submissions' });
  const loadSubs = async (status = '') => {
    subs.replaceChildren(await orMessage(() => submissions(lei, me, status)));
  };
  const statusFilter = el('select', { id: 'status-filter', onchange: ev => loadSubs(ev.target.value) },
    el('option', { value: '' }, 'all'), STATUSES.map(s => el('option', { value: s }, s)));
  root.append(card('Submissions', el('div', { class: 'tools' }, el('label', { for: 'status-filter' }, 'Status'),
    statusFilter), subs));
  await loadSubs();
  if (mine) root.append(upload(me, () => loadSubs(statusFilter.value)));
  root.append(await orMessage(() => margin(lei)));
  root.append(card('Exceptions', await orMessage(() => exceptions(lei, me))));
  root.append(card('History by business date', await orMessage(() => history(lei))));
  return root;
}

async function submissions(lei, me, status) {
  const q = new URLSearchParams({ size: '200' });
  if (me.role !== 'FIRM') q.set('firm', lei);
  if (status) q.set('status', status);
  const page = await api('/api/submissions?' + q);
  const detail = el('div', { id: 'submission-detail', 'aria-live': 'polite' });
  const counts = STATUSES.map(s => `${s} ${page.items.filter(r => r.status === s).length}`).join(' · ');
  return el('div', {},
    el('p', { class: 'muted' }, `${page.total} submission(s)${page.total > page.items.length ? ', newest ' + page.items.length + ' shown' : ''}: ${counts}`),
    table('Submissions, newest first: pick one to see its rejections', [
      { label: 'Status', value: r => light(r.status), sort: r => r.status },
      { label: 'File', value: r => r.fileName },
      { label: 'Feed', value: r => r.feed },
      { label: 'Received at', value: r => r.receivedAt },
      { label: 'Received', value: r => r.received, num: true, count: true },
      { label: 'Accepted', value: r => r.accepted, num: true, count: true },
      { label: 'Rejected', value: r => r.rejected, num: true, count: true },
    ], page.items, { id: 'submissions-table', onPick: async r => {
      detail.replaceChildren(await orMessage(async () => ackView(await api(`/api/submissions/${encodeURIComponent(r.id)}/ack`))));
    } }), detail);
}

/** An ack: its status, counts and every rejection with location and reason. */
function ackView(ack) {
  return el('div', { class: 'ack', 'data-status': ack.status },
    el('p', {}, el('strong', { class: ack.status }, el('span', { class: 'light', 'aria-hidden': 'true' }), ack.status),
      ` ${ack.file} (${ack.feed}): received ${ack.received}, accepted ${ack.accepted}, rejected ${ack.rejected}`,
      ack.duplicateOf ? `; duplicate of ${ack.duplicateOf}` : '', el('br'), el('span', { class: 'muted' }, ack.submissionId)),
    ack.rejections.length ? table('Rejected records', [
      { label: 'Record', value: r => r.record, num: true, count: true },
      { label: 'Location', value: r => r.location },
      { label: 'Reason', value: r => r.reason },
      { label: 'Field', value: r => r.field },
      { label: 'Why', value: r => r.message },
    ], ack.rejections, { id: 'rejections-table' }) : el('p', {}, 'No record was rejected.'));
}

function upload(me, refresh) {
  const feed = el('select', { id: 'upload-feed', required: true },
    el('option', { value: '' }, 'choose the feed'), me.feeds.map(f => el('option', { value: f }, f)));
  const input = el('input', { id: 'upload-file', type: 'file' });
  const result = el('div', { id: 'upload-result', 'aria-live': 'polite' });
  const send = async file => {
    if (!feed.value) { result.replaceChildren(failure('Choose the feed of the file first.')); feed.focus(); return; }
    result.replaceChildren(el('p', { class: 'muted' }, `Sending ${file.name}…`));
    try {
      const ack = await api('/api/feeds/' + encodeURIComponent(feed.value), { method: 'POST', body: file,
        headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': file.name } });
      result.replaceChildren(ackView(ack));
      refresh();
    } catch (e) {
      result.replaceChildren(failure(e));
    }
  };
  input.addEventListener('change', () => { if (input.files[0]) send(input.files[0]); });
  const drop = el('div', { class: 'drop', id: 'drop' }, 'Drop a feed file here, or ',
    el('label', { for: 'upload-file' }, 'choose one: '), input);
  drop.addEventListener('dragover', ev => { ev.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', ev => {
    ev.preventDefault();
    drop.classList.remove('over');
    if (ev.dataTransfer.files[0]) send(ev.dataTransfer.files[0]);
  });
  return card('Upload', el('div', { class: 'tools' }, el('label', { for: 'upload-feed' }, 'Feed'), feed), drop, result);
}

/** The top accounts by siloed requirement and the rest summed as "others", so the largest does not flatten them. */
function topAndOthers(rows, n) {
  const sorted = rows.slice().sort((a, b) => b.siloedTotal - a.siloedTotal);
  const top = sorted.slice(0, n);
  const rest = sorted.slice(n);
  if (rest.length) {
    top.push({ account: `${rest.length} others`, siloedTotal: rest.reduce((s, r) => s + r.siloedTotal, 0),
      harmonizedTotal: rest.reduce((s, r) => s + r.harmonizedTotal, 0) });
  }
  return top;
}

async function margin(lei) {
  const page = await api(`/api/firms/${lei}/accounts?size=500`);
  const rows = page.items;
  const sum = f => rows.reduce((s, r) => s + Number(r[f] || 0), 0);
  const explain = el('div', { id: 'explain', 'aria-live': 'polite' }, el('p', { class: 'muted' }, 'Pick an account to see how its margin was computed.'));
  const chartRows = topAndOthers(rows, 12);
  const formats = ['json', 'xml', 'xlsx'].map(f => el('button', { type: 'button', id: 'download-' + f,
    onclick: () => download(`/api/firms/${lei}/margin?format=${f}`, `${lei}-margin.${f}`).catch(e => alert(e.message)) },
    f.toUpperCase()));
  return card('Margin',
    el('div', { class: 'kpis' }, kpi('Siloed', sum('siloedTotal'), 'firm-siloed'),
      kpi('Harmonized', sum('harmonizedTotal'), 'firm-harmonized'), kpi('Saving', sum('saving'), 'firm-saving'),
      kpi('Collateral (after haircuts)', sum('collateral'), 'firm-collateral'),
      kpi('Excess / deficit', sum('excessDeficit'), 'firm-excess')),
    el('div', { class: 'tools' }, el('span', {}, 'Download the report:'), formats),
    table('Accounts: pick one to see its explain tree', [
        { label: 'Account', value: r => r.account },
        { label: 'Segregation', value: r => r.segregationClass },
        { label: 'Siloed by silo', value: r => Object.entries(r.siloed).map(([k, v]) => `${k} ${fmt(v)}`).join('; ') },
        { label: 'Siloed', value: r => r.siloedTotal, num: true },
        { label: 'Harmonized', value: r => r.harmonizedTotal, num: true },
        { label: 'Saving', value: r => r.saving, num: true },
        { label: 'Collateral', value: r => r.collateral, num: true },
        { label: 'Excess / deficit', value: r => r.excessDeficit, num: true },
      ], rows, { id: 'accounts-table', onPick: async r => {
        explain.replaceChildren(await orMessage(async () =>
          explainView(await api(`/api/firms/${lei}/accounts/${encodeURIComponent(r.account)}/margin`))));
        explain.scrollIntoView({ block: 'start' });
      } }),
    barChart('Siloed against harmonized margin per account (largest 12, the rest as others)',
        chartRows.map(r => r.account), [
          { name: 'siloed', data: chartRows.map(r => r.siloedTotal) },
          { name: 'harmonized', data: chartRows.map(r => r.harmonizedTotal) }]),
    explain);
}

/** One explain node as an expandable drill-down; a node without children is a plain line. */
function tree(node) {
  const head = [el('span', { class: 'label' }, node.label), el('span', { class: 'amt', 'data-value': node.amount }, fmt(node.amount))];
  const basis = node.basis ? el('div', { class: 'basis' }, node.basis) : null;
  if (!node.children || node.children.length === 0) {
    return el('div', { class: 'leaf node-leaf' }, ...head, basis);
  }
  return el('details', { class: 'node' }, el('summary', {}, ...head), basis, node.children.map(tree));
}

function explainView(a) {
  return el('div', { 'data-account': a.account },
    el('h3', {}, `Account ${a.account} (${a.segregationClass}), ${a.asOf}`),
    a.silos.map(s => el('div', { class: 'silo', 'data-silo': s.silo }, el('h4', {}, `${s.silo}: ${fmt(s.requirement)}`),
      s.explain ? tree(s.explain) : null)),
    a.harmonized && a.harmonized.explain ? el('div', { class: 'silo', 'data-silo': 'HARMONIZED' },
      el('h4', {}, `Harmonized: ${fmt(a.harmonized.total)}`), tree(a.harmonized.explain)) : null,
    a.unmargined && a.unmargined.length ? el('div', {}, el('h4', {}, 'Not margined'),
      el('pre', {}, JSON.stringify(a.unmargined, null, 1))) : null);
}

async function exceptions(lei, me) {
  const q = new URLSearchParams({ size: '500' });
  if (me.role !== 'FIRM') q.set('firm', lei);
  const page = await api('/api/exceptions?' + q);
  return el('div', {}, el('p', { class: 'muted' }, `${page.total} rejected or unmapped record(s)`),
    table('Exceptions', [
      { label: 'File', value: r => r.file },
      { label: 'Location', value: r => r.location },
      { label: 'Reason', value: r => r.reason },
      { label: 'Field', value: r => r.field },
      { label: 'Why', value: r => r.message },
    ], page.items, { id: 'exceptions-table' }));
}

async function history(lei) {
  const rows = await api(`/api/firms/${lei}/margin/history`);
  return table('Margin by business date (the last state computed for each)', [
    { label: 'Business date', value: r => r.asOf },
    { label: 'Accounts', value: r => r.accounts, num: true, count: true },
    { label: 'Siloed', value: r => r.siloed, num: true },
    { label: 'Harmonized', value: r => r.harmonized, num: true },
    { label: 'Freed', value: r => r.freed, num: true },
    { label: 'Collateral', value: r => r.collateralPostHaircut, num: true },
  ], rows, { id: 'history-table' });
}

// ---- the regulator ----

export function regulatorViews(me) {
  return [['Market', () => market()], ['Firms', () => firms(me)], ['Positions', () => positions()]];
}

async function market() {
  const s = await api('/api/regulator/margin-summary');
  const m = s.market;
  const pairs = o => Object.entries(o || {}).sort((a, b) => b[1] - a[1]);
  const rf = pairs(m.freedByRiskFactor);
  const sp = pairs(m.freedBySiloPair);
  return el('div', { id: 'market-view' },
    card(`Market on ${s.asOf}`, el('div', { class: 'kpis' }, kpi('Siloed', m.siloed, 'market-siloed'),
      kpi('Harmonized', m.harmonized, 'market-harmonized'), kpi('Freed', m.freed, 'market-freed'),
      kpi('Collateral (after haircuts)', m.collateralPostHaircut, 'market-collateral')),
      el('p', { class: 'muted' }, `${m.accounts} accounts, ${m.portfolios} harmonized portfolios, ${m.portfoliosWithSaving} with a saving, ${m.portfoliosCapped} capped; mappings ${s.mappingsVersion}, parameters ${s.parametersVersion}`)),
    el('div', { class: 'grid' },
      card('Freed by risk factor', barChart('Collateral freed by risk factor', rf.map(x => x[0]),
        [{ name: 'freed', data: rf.map(x => x[1]) }], { horizontal: true }),
        table('Freed by risk factor', [{ label: 'Risk factor', value: x => x[0] }, { label: 'Freed', value: x => x[1], num: true }], rf)),
      card('Freed by silo pair', barChart('Collateral freed by silo pair', sp.map(x => x[0]),
        [{ name: 'freed', data: sp.map(x => x[1]) }], { horizontal: true }),
        table('Freed by silo pair', [{ label: 'Silo pair', value: x => x[0] }, { label: 'Freed', value: x => x[1], num: true }], sp))));
}

async function firms(me) {
  const page = await api('/api/firms?size=500&sort=-siloedTotal');
  const detail = el('div', { id: 'firm-detail' });
  const holder = el('div', {});
  const filter = el('input', { id: 'firm-filter', type: 'search', placeholder: 'part of an LEI' });
  const render = () => {
    const q = filter.value.trim().toUpperCase();
    holder.replaceChildren(table('Firms: pick one to open it', [
      { label: 'Firm', value: r => r.firm },
      { label: 'Accounts', value: r => r.accounts, num: true, count: true },
      { label: 'Siloed', value: r => r.siloedTotal, num: true },
      { label: 'Harmonized', value: r => r.harmonizedTotal, num: true },
      { label: 'Freed', value: r => r.freed, num: true },
      { label: 'Collateral', value: r => r.collateralPostHaircut, num: true },
    ], page.items.filter(r => r.firm.includes(q)), { id: 'firms-table', onPick: async r => {
      detail.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
      detail.replaceChildren(await orMessage(() => firmView(r.firm, me)));
      detail.scrollIntoView();
    } }));
  };
  filter.addEventListener('input', render);
  render();
  return el('div', {}, card('Firms', el('div', { class: 'tools' }, el('label', { for: 'firm-filter' }, 'Filter'), filter), holder), detail);
}

async function positions() {
  const [large, byTaxonomy] = await Promise.all([api('/api/regulator/large-positions'), api('/api/regulator/positions-by-taxonomy')]);
  const filter = el('input', { id: 'taxonomy-filter', type: 'search', placeholder: 'e.g. RATES or a firm LEI' });
  const holder = el('div', {});
  const render = () => {
    const q = filter.value.trim().toUpperCase();
    holder.replaceChildren(table('Positions by taxonomy', [
      { label: 'As of', value: r => r.asOf },
      { label: 'Taxonomy', value: r => r.taxonomy },
      { label: 'Agency', value: r => r.agency },
      { label: 'Firm', value: r => r.firm },
      { label: 'Currency', value: r => r.currency },
      { label: 'Positions', value: r => r.positions, num: true, count: true },
      { label: 'Net quantity', value: r => r.netQty, num: true },
      { label: 'Gross value', value: r => r.grossValue, num: true },
    ], byTaxonomy.filter(r => !q || `${r.taxonomy} ${r.firm} ${r.agency}`.toUpperCase().includes(q)), { id: 'taxonomy-table' }));
  };
  filter.addEventListener('input', render);
  render();
  const largeColumns = large.length ? Object.keys(large[0]).filter(k => typeof large[0][k] !== 'object') : [];
  return el('div', {},
    card('Large positions', large.length ? table('Large positions', largeColumns.map(k => ({ label: k, value: r => r[k],
      num: typeof large[0][k] === 'number' })), large) : el('p', {}, 'No position is over the large-position thresholds.')),
    card('Positions by taxonomy', el('div', { class: 'tools' }, el('label', { for: 'taxonomy-filter' }, 'Filter'), filter), holder));
}

// ---- the mapping maintainer ----

export async function maintainerView() {
  const m = await api('/api/mappings');
  const result = el('div', { id: 'reload-result', 'aria-live': 'polite' });
  const reload = el('button', { type: 'button', id: 'reload', onclick: async () => {
    result.replaceChildren(el('p', { class: 'muted' }, 'Reloading…'));
    try {
      const r = await api('/api/mappings/reload', { method: 'POST' });
      result.replaceChildren(el('p', {}, `Reloaded: mappings ${r.mappingsVersion}, ${r.definitions} definitions.`));
    } catch (e) {
      result.replaceChildren(failure(e));
    }
  } }, 'Reload the mappings');
  return el('div', { id: 'maintainer-view' },
    card('Mapping set', el('p', {}, 'In use: ', el('strong', { id: 'mappings-version' }, m.mappingsVersion),
      `, ${m.definitions} definitions; examples: ${m.examples.passed} passed, ${m.examples.failed.length} failed.`),
      el('div', { class: 'tools' }, reload), result),
    card('Lint of the mappings folder', m.lint.length ? el('ul', { id: 'lint' }, m.lint.map(p => el('li', {}, p)))
      : el('p', { id: 'lint' }, 'No problems.')),
    m.examples.failed.length ? card('Failing examples', el('ul', {}, m.examples.failed.map(f =>
      el('li', {}, `${f.definition}: ${f.failures.join('; ')}`)))) : null,
    card('Unmapped products across the ledger', m.unmapped.length ? table('Each distinct product no definition maps', [
      { label: 'Reason', value: r => r.reason },
      { label: 'Feed', value: r => r.feed },
      { label: 'Attributes', value: r => Object.entries(r.attributes).map(([k, v]) => `${k}=${v}`).join(', ') },
      { label: 'Records', value: r => r.records, num: true, count: true },
      { label: 'First seen', value: r => r.first },
    ], m.unmapped, { id: 'unmapped-table' }) : el('p', {}, 'Every product of every submission maps.')));
}
