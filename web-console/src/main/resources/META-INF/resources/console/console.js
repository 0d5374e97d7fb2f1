// The Wasmhive console: talks only to the public /api/v1 API of the same origin.
const app = document.getElementById('app');
const who = document.getElementById('who');
const signOutButton = document.getElementById('sign-out');

const token = () => sessionStorage.getItem('wasmhive.token');
const tenantOfToken = () => sessionStorage.getItem('wasmhive.tenant');

async function api(method, path, body, contentType = 'application/json') {
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token()}`, ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
    body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : body,
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error(data && data.detail ? data.detail : `${response.status} ${response.statusText}`);
  }
  return data;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function problem(message) {
  return el('p', { class: 'problem', role: 'alert' }, message);
}

function showSignIn(message) {
  who.textContent = '';
  signOutButton.hidden = true;
  const tokenInput = el('input', { id: 'token', type: 'password', autocomplete: 'off', required: '' });
  const tenantInput = el('input', { id: 'tenant', type: 'text', placeholder: 'leave empty for the operator token' });
  const form = el('form', { onsubmit: (event) => { event.preventDefault(); signIn(tokenInput.value.trim(), tenantInput.value.trim()); } },
    el('label', { for: 'token' }, 'Token'), tokenInput,
    el('label', { for: 'tenant' }, 'Tenant (for a tenant key)'), tenantInput,
    el('p', {}, el('button', { type: 'submit' }, 'Sign in')));
  app.replaceChildren(el('section', {}, el('h2', {}, 'Sign in'), ...(message ? [problem(message)] : []), form));
  tokenInput.focus();
}

async function signIn(value, tenant) {
  sessionStorage.setItem('wasmhive.token', value);
  if (tenant) sessionStorage.setItem('wasmhive.tenant', tenant); else sessionStorage.removeItem('wasmhive.tenant');
  try {
    await route();
  } catch (error) {
    signOut(error.message);
  }
}

function signOut(message) {
  sessionStorage.removeItem('wasmhive.token');
  sessionStorage.removeItem('wasmhive.tenant');
  showSignIn(message);
}
signOutButton.addEventListener('click', () => signOut());

async function route() {
  if (!token()) return showSignIn();
  signOutButton.hidden = false;
  const tenant = tenantOfToken();
  if (tenant) {
    who.textContent = `tenant ${tenant}`;
    return showFunctions(tenant);
  }
  who.textContent = 'operator';
  return showTenants();
}

async function showTenants() {
  const tenants = await api('GET', '/tenants');
  const rows = tenants.map((t) => el('tr', {},
    el('td', {}, el('a', { href: `#${t.name}`, onclick: (e) => { e.preventDefault(); showFunctions(t.name); } }, t.name)),
    el('td', {}, `${t.usage.functions} / ${t.quotas.maxFunctions}`),
    el('td', {}, new Date(t.createdAt).toLocaleString())));
  const name = el('input', { id: 'new-tenant', type: 'text', required: '', pattern: '[a-z][a-z0-9-]{0,62}' });
  const status = el('div');
  const form = el('form', { onsubmit: async (event) => {
    event.preventDefault();
    try { await api('POST', '/tenants', { name: name.value }); await showTenants(); } catch (e) { status.replaceChildren(problem(e.message)); }
  } }, el('label', { for: 'new-tenant' }, 'New tenant'), name, el('p', {}, el('button', { type: 'submit' }, 'Create')), status);
  app.replaceChildren(el('section', {}, el('h2', {}, 'Tenants'),
    tenants.length ? el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'Functions'), el('th', {}, 'Created'))), el('tbody', {}, ...rows))
      : el('p', {}, 'No tenants yet.'), form));
}

async function showFunctions(tenant) {
  const functions = await api('GET', `/tenants/${tenant}/functions`);
  const rows = functions.map((f) => el('tr', {},
    el('td', {}, f.name), el('td', {}, f.abi ?? '—'), el('td', {}, f.activeVersion ?? '—'),
    el('td', {}, el('a', { href: f.url }, f.url))));
  const name = el('input', { id: 'function-name', type: 'text', required: '', pattern: '[a-z][a-z0-9-]{0,62}' });
  const file = el('input', { id: 'module', type: 'file', accept: '.wasm,application/wasm', required: '' });
  const status = el('div', { 'aria-live': 'polite' });
  const form = el('form', { onsubmit: async (event) => {
    event.preventDefault();
    try {
      const result = await api('PUT', `/tenants/${tenant}/functions/${name.value}`, file.files[0], 'application/wasm');
      status.replaceChildren(el('p', { class: 'ok' }, `Deployed version ${result.version} of ${result.name}.`));
      await showFunctions(tenant);
    } catch (e) { status.replaceChildren(problem(e.message)); }
  } }, el('label', { for: 'function-name' }, 'Function name'), name, el('label', { for: 'module' }, 'Module (.wasm)'), file,
    el('p', {}, el('button', { type: 'submit' }, 'Upload and deploy')), status);
  const curl = `curl -fsS -X PUT -H "Authorization: Bearer $WASMHIVE_TOKEN" -H "Content-Type: application/wasm" \\\n  --data-binary @app.wasm "${location.origin}/api/v1/tenants/${tenant}/functions/NAME"`;
  app.replaceChildren(el('section', {}, el('h2', {}, `Functions of ${tenant}`),
    functions.length ? el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'ABI'), el('th', {}, 'Version'), el('th', {}, 'URL'))), el('tbody', {}, ...rows))
      : el('p', {}, 'No functions yet.'), form),
    el('section', {}, el('h2', {}, 'Deploy from CI'), el('pre', {}, curl)));
}

route().catch((error) => signOut(error.message));
