// The Wasmhive console: a small single-page app on the public /api/v1 API of the same origin.
// Routes live in the location hash: #/tenants, #/tenants/{t}, #/tenants/{t}/functions/{f}.
const app = document.getElementById('app');
const who = document.getElementById('who');
const signOutButton = document.getElementById('sign-out');
let refreshTimer = null;

const session = {
  get token() { return sessionStorage.getItem('wasmhive.token'); },
  get tenant() { return sessionStorage.getItem('wasmhive.tenant'); },
  save(token, tenant) {
    sessionStorage.setItem('wasmhive.token', token);
    if (tenant) sessionStorage.setItem('wasmhive.tenant', tenant); else sessionStorage.removeItem('wasmhive.tenant');
  },
  clear() { sessionStorage.removeItem('wasmhive.token'); sessionStorage.removeItem('wasmhive.tenant'); },
};

class Problem extends Error {}

async function api(method, path, body) {
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${session.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Problem(data && data.detail ? data.detail : `${response.status} ${response.statusText}`);
  return data;
}

/** Uploads a module with a progress callback; resolves with the API's answer. */
function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', `/api/v1${path}`);
    request.setRequestHeader('Authorization', `Bearer ${session.token}`);
    request.setRequestHeader('Content-Type', 'application/wasm');
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      const data = request.responseText ? JSON.parse(request.responseText) : null;
      if (request.status >= 200 && request.status < 300) resolve(data);
      else reject(new Problem(data && data.detail ? data.detail : `${request.status} ${request.statusText}`));
    };
    request.onerror = () => reject(new Problem('the upload could not reach the server'));
    request.send(file);
  });
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'value') node.value = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return node;
}

const problem = (message) => el('p', { class: 'problem', role: 'alert' }, message);
const ok = (message) => el('p', { class: 'ok', role: 'status' }, message);
const section = (title, ...children) => el('section', { 'aria-labelledby': slug(title) }, el('h2', { id: slug(title) }, title), ...children);
const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
const field = (id, label, input, hint) => el('div', { class: 'field' }, el('label', { for: id }, label), input, hint ? el('small', { id: `${id}-hint` }, hint) : null);

function table(headings, rows, empty) {
  if (!rows.length) return el('p', { class: 'empty' }, empty);
  return el('div', { class: 'table' }, el('table', {},
    el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c)))))));
}

/** Runs an action from a form, showing its outcome in `status`. */
async function act(status, action, success) {
  status.replaceChildren(el('p', { class: 'loading' }, 'Working…'));
  try {
    const result = await action();
    status.replaceChildren(success ? ok(typeof success === 'function' ? success(result) : success) : '');
    return result;
  } catch (error) {
    status.replaceChildren(problem(error.message));
    return undefined;
  }
}

// ---------------------------------------------------------------- sign in

function showSignIn(message) {
  who.textContent = '';
  signOutButton.hidden = true;
  const token = el('input', { id: 'token', type: 'password', autocomplete: 'off', required: true });
  const tenant = el('input', { id: 'tenant', type: 'text', autocomplete: 'off' });
  const form = el('form', { onsubmit: async (event) => {
    event.preventDefault();
    session.save(token.value.trim(), tenant.value.trim());
    try {
      await api('GET', session.tenant ? `/tenants/${session.tenant}` : '/tenants');
      location.hash = session.tenant ? `#/tenants/${session.tenant}/functions` : '#/tenants';
      await route();
    } catch (error) {
      session.clear();
      showSignIn(error.message);
    }
  } },
  field('token', 'Token', token, 'The operator token, or a tenant key (whk_…).'),
  field('tenant', 'Tenant', tenant, 'For a tenant key: the tenant it belongs to. Empty for the operator token.'),
  el('p', {}, el('button', { type: 'submit' }, 'Sign in')));
  app.replaceChildren(section('Sign in', message ? problem(message) : null, form));
  token.focus();
}

function signOut() {
  session.clear();
  location.hash = '';
  showSignIn();
}
signOutButton.addEventListener('click', signOut);

// ---------------------------------------------------------------- operator: tenants

async function showTenants() {
  const [tenants, nodes] = await Promise.all([api('GET', '/tenants'), api('GET', '/nodes')]);
  const name = el('input', { id: 'new-tenant', type: 'text', required: true, pattern: '[a-z][a-z0-9-]{0,62}' });
  const status = el('div', { 'aria-live': 'polite' });
  const create = el('form', { onsubmit: async (event) => {
    event.preventDefault();
    if (await act(status, () => api('POST', '/tenants', { name: name.value }))) location.hash = `#/tenants/${name.value}`;
  } }, field('new-tenant', 'New tenant', name, 'a-z, 0-9 and -, starting with a letter'), el('button', { type: 'submit' }, 'Create tenant'), status);
  app.replaceChildren(section('Tenants',
    table(['Tenant', 'Functions', 'Requests/s', 'Created'], tenants.map((t) => [
      el('a', { href: `#/tenants/${t.name}` }, t.name),
      `${t.usage.functions} / ${t.quotas.maxFunctions}`, String(t.quotas.requestsPerSecond), when(t.createdAt)]),
    'No tenants yet. Create the first one below.'),
    create),
    section('Executor nodes', table(['Node', 'Version', 'State', 'In flight', 'Functions loaded', 'Last heartbeat'], nodes.map((n) => [
      n.address, n.version, n.live ? 'live' : 'silent', String(n.inFlight), String(n.functionsLoaded), when(n.lastSeen)]),
    'No executor has reported yet.')));
}

const QUOTAS = [
  ['maxFunctions', 'Functions'], ['maxModuleBytes', 'Module size (bytes)'], ['maxMemoryBytes', 'Memory per instance (bytes)'],
  ['maxFuelPerRequest', 'Fuel per request'], ['maxTimeoutMillis', 'Timeout (ms)'], ['requestsPerSecond', 'Requests per second'],
  ['maxConcurrentRequests', 'Concurrent requests'], ['maxRequestBodyBytes', 'Request body (bytes)'],
];

async function showTenant(name) {
  const [tenant, keys] = await Promise.all([api('GET', `/tenants/${name}`), api('GET', `/tenants/${name}/keys`)]);
  const inputs = QUOTAS.map(([key]) => el('input', { id: `quota-${key}`, type: 'number', min: '1', value: tenant.overrides[key] ?? '', placeholder: String(tenant.quotas[key]) }));
  const quotaStatus = el('div', { 'aria-live': 'polite' });
  const quotas = el('form', { class: 'grid', onsubmit: async (event) => {
    event.preventDefault();
    const body = {};
    QUOTAS.forEach(([key], i) => { if (inputs[i].value) body[key] = Number(inputs[i].value); });
    await act(quotaStatus, () => api('PATCH', `/tenants/${name}`, { quotas: body }), 'Quotas saved.');
  } }, QUOTAS.map(([key, label], i) => field(`quota-${key}`, `${label} — in use: ${key === 'maxFunctions' ? tenant.usage.functions : '—'}`, inputs[i])),
  el('p', {}, el('button', { type: 'submit' }, 'Save quotas')), quotaStatus);

  const keyName = el('input', { id: 'key-name', type: 'text', value: 'ci' });
  const keyStatus = el('div', { 'aria-live': 'polite' });
  const newKey = el('form', { onsubmit: async (event) => {
    event.preventDefault();
    const key = await act(keyStatus, () => api('POST', `/tenants/${name}/keys`, { name: keyName.value }));
    if (!key) return;
    const token = el('code', { id: 'new-token' }, key.token);
    keyStatus.replaceChildren(el('div', { class: 'token', role: 'status' },
      el('p', {}, 'New key. Copy the token now: it is shown only this once.'), token,
      el('button', { type: 'button', onclick: () => navigator.clipboard && navigator.clipboard.writeText(key.token) }, 'Copy')));
    keyList.replaceChildren(keysTable(await api('GET', `/tenants/${name}/keys`)));
  } }, field('key-name', 'Key name', keyName), el('button', { type: 'submit' }, 'Create key'), keyStatus);
  const keysTable = (list) => table(['Key', 'Created', ''], list.map((k) => [k.name, when(k.createdAt),
    el('button', { type: 'button', onclick: async () => {
      if (!confirm(`Revoke key ${k.name}? Clients using it stop working at once.`)) return;
      await act(keyStatus, () => api('DELETE', `/tenants/${name}/keys/${k.id}`), `Key ${k.name} revoked.`);
      keyList.replaceChildren(keysTable(await api('GET', `/tenants/${name}/keys`)));
    } }, 'Revoke')]), 'No keys yet.');
  const keyList = el('div', {}, keysTable(keys));

  app.replaceChildren(
    el('nav', { 'aria-label': 'Breadcrumb' }, el('a', { href: '#/tenants' }, 'Tenants'), ' / ', name),
    section(`Tenant ${name}`, el('p', {}, el('a', { href: `#/tenants/${name}/functions` }, `Functions (${tenant.usage.functions})`))),
    section('Quotas', el('p', {}, 'Empty fields use the platform default, shown in grey.'), quotas),
    section('API keys', keyList, newKey));
}

// ---------------------------------------------------------------- functions

function dropZone(id, onFile) {
  const input = el('input', { id, type: 'file', accept: '.wasm,application/wasm', class: 'visually-hidden' });
  const label = el('label', { for: id, class: 'drop', tabindex: '0' }, 'Drop a .wasm file here, or choose one');
  input.addEventListener('change', () => input.files[0] && onFile(input.files[0], label));
  label.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); input.click(); } });
  label.addEventListener('dragover', (event) => { event.preventDefault(); label.classList.add('over'); });
  label.addEventListener('dragleave', () => label.classList.remove('over'));
  label.addEventListener('drop', (event) => {
    event.preventDefault();
    label.classList.remove('over');
    if (event.dataTransfer.files[0]) onFile(event.dataTransfer.files[0], label);
  });
  return el('div', {}, input, label);
}

/** The upload form: name (for a new function), file, deploy flag, progress, outcome. */
function uploadForm(tenant, fixedName) {
  const name = fixedName ? null : el('input', { id: 'function-name', type: 'text', required: true, pattern: '[a-z][a-z0-9-]{0,62}' });
  const deploy = el('input', { id: 'deploy-now', type: 'checkbox', checked: true });
  const progress = el('progress', { max: '1', value: '0', 'aria-label': 'Upload progress', hidden: true });
  const status = el('div', { 'aria-live': 'polite' });
  let file = null;
  const zone = dropZone('module-file', (chosen, label) => { file = chosen; label.textContent = `${chosen.name} (${chosen.size} bytes)`; });
  return el('form', { onsubmit: async (event) => {
    event.preventDefault();
    if (!file) { status.replaceChildren(problem('Choose a .wasm file first.')); return; }
    const functionName = fixedName || name.value;
    progress.hidden = false;
    const result = await act(status, () => upload(`/tenants/${tenant}/functions/${functionName}${deploy.checked ? '' : '?deploy=false'}`,
      file, (done) => { progress.value = done; }),
    (r) => `Version ${r.version} of ${r.name} uploaded${r.deployedVersion === r.version ? ' and deployed' : ''}.`);
    progress.hidden = true;
    if (result) setTimeout(() => { location.hash = `#/tenants/${tenant}/functions/${functionName}`; route(); }, 600);
  } }, name ? field('function-name', 'Function name', name) : null, zone,
  el('p', {}, deploy, el('label', { for: 'deploy-now' }, ' Deploy at once')),
  el('p', {}, el('button', { type: 'submit' }, 'Upload')), progress, status);
}

async function showFunctions(tenant) {
  const functions = await api('GET', `/tenants/${tenant}/functions`);
  const summaries = await Promise.all(functions.map((f) => api('GET', `/tenants/${tenant}/functions/${f.name}/summary?minutes=60`).catch(() => null)));
  app.replaceChildren(
    session.tenant ? null : el('nav', { 'aria-label': 'Breadcrumb' }, el('a', { href: '#/tenants' }, 'Tenants'), ' / ', el('a', { href: `#/tenants/${tenant}` }, tenant), ' / functions'),
    section(`Functions of ${tenant}`, table(['Function', 'ABI', 'Version', 'Last change', 'Errors (1 h)'], functions.map((f, i) => [
      el('a', { href: `#/tenants/${tenant}/functions/${f.name}` }, f.name), f.abi ?? '—', f.activeVersion ?? '—', when(f.updatedAt),
      summaries[i] && summaries[i].total.requests ? `${(summaries[i].total.errorRate * 100).toFixed(1)} % of ${summaries[i].total.requests}` : 'no traffic']),
    'No functions yet. Upload the first one below.')),
    section('New function', uploadForm(tenant)));
}

function curlCommand(tenant, name) {
  return `curl -fsS -X PUT -H "Authorization: Bearer $WASMHIVE_TOKEN" -H "Content-Type: application/wasm" \\\n     --data-binary @app.wasm "${location.origin}/api/v1/tenants/${tenant}/functions/${name}"`;
}

async function showFunction(tenant, name) {
  const [fn, owner] = await Promise.all([api('GET', `/tenants/${tenant}/functions/${name}`), api('GET', `/tenants/${tenant}`)]);
  const base = `/tenants/${tenant}/functions/${name}`;
  app.replaceChildren(
    el('nav', { 'aria-label': 'Breadcrumb' }, session.tenant ? null : [el('a', { href: '#/tenants' }, 'Tenants'), ' / ', el('a', { href: `#/tenants/${tenant}` }, tenant), ' / '],
      el('a', { href: `#/tenants/${tenant}/functions` }, 'functions'), ` / ${name}`),
    section(`Function ${name}`,
      el('dl', {}, el('dt', {}, 'URL'), el('dd', {}, el('a', { href: fn.url }, fn.url)),
        el('dt', {}, 'ABI'), el('dd', {}, fn.abi ?? '—'), el('dt', {}, 'Active version'), el('dd', { id: 'active-version' }, String(fn.activeVersion ?? '—'))),
      el('h3', {}, 'Deploy from CI'), el('pre', {}, curlCommand(tenant, name))),
    section('Upload a new version', uploadForm(tenant, name)),
    versionsSection(tenant, name, fn),
    configSection(base, fn, owner.quotas),
    tryItSection(base),
    await chartsSection(base),
    logsSection(base));
}

function versionsSection(tenant, name, fn) {
  const status = el('div', { 'aria-live': 'polite' });
  return section('Versions', table(['Version', 'ABI', 'Size', 'Uploaded', ''], fn.versions.map((v) => [
    String(v.version), v.abi, `${v.sizeBytes} B`, when(v.createdAt),
    v.active ? el('strong', {}, 'active') : el('button', { type: 'button', 'data-version': String(v.version), onclick: async () => {
      const done = await act(status, () => api('POST', `/tenants/${tenant}/functions/${name}/deployments`, { version: v.version }),
        v.version < fn.activeVersion ? `Rolled back to version ${v.version}.` : `Deployed version ${v.version}.`);
      if (done) setTimeout(route, 600);
    } }, v.version < (fn.activeVersion ?? 0) ? `Roll back to ${v.version}` : `Deploy ${v.version}`)]), 'No versions.'), status);
}

function pairsEditor(id, entries, secret) {
  const rows = el('div', { id });
  const add = (key = '', value = '') => rows.append(el('div', { class: 'pair' },
    el('input', { type: 'text', 'aria-label': 'Name', value: key, placeholder: 'NAME' }),
    el('input', { type: secret ? 'password' : 'text', 'aria-label': 'Value', value, placeholder: secret && key ? 'unchanged (hidden)' : 'value' }),
    el('button', { type: 'button', 'aria-label': `Remove ${key || 'entry'}`, onclick: (event) => event.target.closest('.pair').remove() }, '×')));
  entries.forEach(([k, v]) => add(k, v));
  return { node: el('div', {}, rows, el('button', { type: 'button', onclick: () => add() }, secret ? 'Add secret' : 'Add variable')),
    read: () => [...rows.querySelectorAll('.pair')].map((row) => [...row.querySelectorAll('input')].map((i) => i.value.trim())).filter(([k]) => k) };
}

function configSection(base, fn, quotas) {
  const env = pairsEditor('env', Object.entries(fn.config.env || {}), false);
  const secrets = pairsEditor('secrets', (fn.config.secrets || []).map((k) => [k, '']), true);
  const hosts = el('input', { id: 'hosts', type: 'text', value: (fn.config.allowedOutboundHosts || []).join(', ') });
  const limits = [['memoryBytes', 'Memory (bytes)', quotas.maxMemoryBytes], ['fuel', 'Fuel per request', quotas.maxFuelPerRequest], ['timeoutMillis', 'Timeout (ms)', quotas.maxTimeoutMillis]]
    .map(([key, label, max]) => [key, field(`limit-${key}`, label, el('input', { id: `limit-${key}`, type: 'number', min: '1', max: String(max), value: fn.config.limits?.[key] ?? '', placeholder: String(fn.config.effectiveLimits[key]) }), `at most ${max} (tenant quota)`)]);
  const status = el('div', { 'aria-live': 'polite' });
  return section('Configuration', el('form', { onsubmit: async (event) => {
    event.preventDefault();
    const body = { env: Object.fromEntries(env.read()), allowedOutboundHosts: hosts.value.split(',').map((h) => h.trim()).filter(Boolean), limits: {} };
    const secretEntries = secrets.read();
    if (secretEntries.some(([, v]) => v)) body.secrets = Object.fromEntries(secretEntries.filter(([, v]) => v));
    limits.forEach(([key, wrapper]) => { const value = wrapper.querySelector('input').value; if (value) body.limits[key] = Number(value); });
    await act(status, () => api('PATCH', base, body), 'Configuration saved; executors use it within a second.');
  } }, el('h3', {}, 'Environment'), env.node, el('h3', {}, 'Secrets'), el('p', {}, 'Stored encrypted and never shown again. Leave a value empty to keep it.'), secrets.node,
  el('h3', {}, 'Limits'), el('div', { class: 'grid' }, limits.map(([, wrapper]) => wrapper)),
  field('hosts', 'Allowed outbound hosts', hosts, 'comma separated'), el('p', {}, el('button', { type: 'submit' }, 'Save configuration')), status));
}

function tryItSection(base) {
  const method = el('select', { id: 'try-method' }, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => el('option', {}, m)));
  const path = el('input', { id: 'try-path', type: 'text', value: '/' });
  const headers = el('textarea', { id: 'try-headers', rows: '2', placeholder: 'X-Name: value' });
  const body = el('textarea', { id: 'try-body', rows: '3' });
  const result = el('div', { id: 'try-result', 'aria-live': 'polite' });
  return section('Try it', el('form', { onsubmit: async (event) => {
    event.preventDefault();
    const headerMap = Object.fromEntries(headers.value.split('\n').map((line) => line.split(/:(.*)/s)).filter(([k, v]) => k && v).map(([k, v]) => [k.trim(), v.trim()]));
    const answer = await act(result, () => api('POST', `${base}/try`, { method: method.value, path: path.value, headers: headerMap, body: body.value }));
    if (!answer) return;
    result.replaceChildren(el('dl', {},
      el('dt', {}, 'Status'), el('dd', { id: 'try-status' }, String(answer.status)),
      el('dt', {}, 'Duration'), el('dd', {}, `${answer.durationMillis} ms`),
      el('dt', {}, 'Fuel'), el('dd', { id: 'try-fuel' }, answer.fuel == null ? '—' : String(answer.fuel)),
      el('dt', {}, 'Request id'), el('dd', {}, answer.requestId ?? '—')),
    el('h3', {}, 'Headers'), el('pre', {}, Object.entries(answer.headers).map(([k, v]) => `${k}: ${v.join(', ')}`).join('\n')),
    el('h3', {}, 'Body'), el('pre', { id: 'try-body-out' }, answer.body + (answer.bodyTruncated ? '\n[truncated]' : '')));
  } }, el('div', { class: 'grid' }, field('try-method', 'Method', method), field('try-path', 'Path', path)),
  field('try-headers', 'Headers (one per line)', headers), field('try-body', 'Body', body),
  el('p', {}, el('button', { type: 'submit' }, 'Send')), result));
}

/** Bars of one value per bucket, drawn as SVG. */
function bars(title, buckets, value, format) {
  const width = 300; const height = 60;
  const values = buckets.map(value);
  const max = Math.max(1, ...values);
  const step = width / Math.max(1, values.length);
  return el('figure', {}, svg(width, height, values.map((v, i) => ['rect', {
    x: i * step + 1, y: height - (v / max) * height, width: Math.max(1, step - 2), height: (v / max) * height }])),
  el('figcaption', {}, `${title}: ${values.length ? format(values[values.length - 1]) : '—'} (max ${format(max)})`));
}

function svg(width, height, shapes) {
  const ns = 'http://www.w3.org/2000/svg';
  const root = document.createElementNS(ns, 'svg');
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('role', 'img');
  for (const [tag, attributes] of shapes) {
    const shape = document.createElementNS(ns, tag);
    Object.entries(attributes).forEach(([k, v]) => shape.setAttribute(k, v));
    root.append(shape);
  }
  return root;
}

async function chartsSection(base) {
  const summary = await api('GET', `${base}/summary?minutes=60`);
  const t = summary.total;
  return section('Last hour', el('p', {}, `${t.requests} requests, ${(t.errorRate * 100).toFixed(1)} % errors, p50 ${t.p50Millis.toFixed(1)} ms, p99 ${t.p99Millis.toFixed(1)} ms, ${Math.round(t.fuelPerRequest)} fuel per request.`),
    summary.buckets.length ? el('div', { class: 'charts' },
      bars('Requests', summary.buckets, (b) => b.stats.requests, String),
      bars('Errors', summary.buckets, (b) => b.stats.errors, String),
      bars('p99 latency', summary.buckets, (b) => b.stats.p99Millis, (v) => `${v.toFixed(1)} ms`),
      bars('Fuel per request', summary.buckets, (b) => b.stats.fuelPerRequest, (v) => String(Math.round(v)))) : el('p', { class: 'empty' }, 'No traffic in the last hour.'));
}

function logsSection(base) {
  const status = el('select', { id: 'log-status' }, ['', '2xx', '4xx', '5xx'].map((s) => el('option', { value: s }, s || 'all')));
  const requestId = el('input', { id: 'log-request-id', type: 'text' });
  const auto = el('input', { id: 'log-auto', type: 'checkbox' });
  const list = el('div', { id: 'log-list', 'aria-live': 'polite' });
  const load = async () => {
    const query = new URLSearchParams({ limit: '50' });
    if (status.value) query.set('status', status.value);
    if (requestId.value.trim()) query.set('requestId', requestId.value.trim());
    try {
      const entries = await api('GET', `${base}/logs?${query}`);
      list.replaceChildren(table(['Time', 'Request', 'Status', 'ms', 'Fuel', 'stderr'], entries.map((e) => [
        when(e.time), el('code', {}, e.requestId), `${e.status}${e.problem ? ` ${e.problem}` : ''}`, e.durationMillis.toFixed(1), String(e.fuel),
        el('pre', { class: 'stderr' }, e.stderr + (e.stderrTruncated ? '\n[truncated]' : ''))]), 'No invocations match.'));
    } catch (error) {
      list.replaceChildren(problem(error.message));
    }
  };
  auto.addEventListener('change', () => {
    clearInterval(refreshTimer);
    if (auto.checked) refreshTimer = setInterval(load, 3000);
  });
  load();
  return section('Logs', el('form', { class: 'grid', onsubmit: (event) => { event.preventDefault(); load(); } },
    field('log-status', 'Status', status), field('log-request-id', 'Request id', requestId),
    el('p', {}, auto, el('label', { for: 'log-auto' }, ' Refresh every 3 s')), el('p', {}, el('button', { type: 'submit' }, 'Show'))), list);
}

// ---------------------------------------------------------------- routing

async function route() {
  clearInterval(refreshTimer);
  if (!session.token) return showSignIn();
  signOutButton.hidden = false;
  who.textContent = session.tenant ? `tenant ${session.tenant}` : 'operator';
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  app.replaceChildren(el('p', { class: 'loading' }, 'Loading…'));
  try {
    if (parts[0] === 'tenants' && parts[2] === 'functions' && parts[3]) return await showFunction(parts[1], parts[3]);
    if (parts[0] === 'tenants' && parts[2] === 'functions') return await showFunctions(parts[1]);
    if (parts[0] === 'tenants' && parts[1] && !session.tenant) return await showTenant(parts[1]);
    if (session.tenant) return await showFunctions(session.tenant);
    return await showTenants();
  } catch (error) {
    app.replaceChildren(problem(error.message), el('p', {}, el('a', { href: '#/' }, 'Back to the start')));
  }
}

window.addEventListener('hashchange', route);
route();
