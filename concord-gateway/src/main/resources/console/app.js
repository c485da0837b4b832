// Concord console: sign-in and the views of each role. Plain ES modules, no build step. The API key lives in
// sessionStorage only (gone with the tab), is sent only as the X-API-Key header, and never appears in a URL.
import { KEY, api, el, failure, ApiError } from './ui.js';
import { firmView, regulatorViews, maintainerView } from './views.js';

// ---- sign-in and the views of each role ----

const tabs = document.getElementById('tabs');
const app = document.getElementById('app');
const login = document.getElementById('login');

function show(views) {
  tabs.replaceChildren();
  const buttons = views.map(([name, render], i) => el('button', { type: 'button', id: 'tab-' + name.toLowerCase(),
    onclick: () => open(i) }, name));
  const open = async i => {
    buttons.forEach((b, j) => { if (j === i) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current'); });
    app.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
    try {
      app.replaceChildren(await views[i][1]());
    } catch (e) {
      app.replaceChildren(failure(e));
    }
    document.getElementById('main').focus();
  };
  if (views.length > 1) tabs.append(...buttons);
  open(0);
}

async function start() {
  let me;
  try {
    me = await api('/api/me');
  } catch (e) {
    sessionStorage.removeItem(KEY);
    document.getElementById('login-error').textContent = e instanceof ApiError && e.status === 401
      ? 'That key is not recognised.' : String(e.message || e);
    return;
  }
  login.hidden = true;
  app.hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = `${me.name} (${me.role}${me.firms.length ? ': ' + me.firms.join(', ') : ''})`;
  document.body.dataset.role = me.role;
  if (me.role === 'FIRM') show(me.firms.map(lei => [me.firms.length > 1 ? lei : 'Firm', () => firmView(lei, me)]));
  else if (me.role === 'REGULATOR') show(regulatorViews(me));
  else show([['Mappings', () => maintainerView(me)]]);
}

login.addEventListener('submit', ev => {
  ev.preventDefault();
  const input = document.getElementById('key');
  sessionStorage.setItem(KEY, input.value.trim());
  input.value = '';
  start();
});

document.getElementById('logout').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  location.reload();
});

if (sessionStorage.getItem(KEY)) start(); else document.getElementById('key').focus();
