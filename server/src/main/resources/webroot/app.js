/*
 * The fieldsync supervisor page: login, coverage, review queue and interview review, kept live by the survey's
 * event stream; and the analysts' exports. Plain JavaScript, no framework, no build step; charts are small inline
 * SVGs drawn here.
 *
 * Every figure shown comes from the /api/v1 answers; the page computes only running totals for the progress chart
 * and formats numbers. Data is put into the page with textContent (the el() helper), never as HTML.
 */
'use strict';

const API = '/api/v1';
const REVIEW_STATES = [
  ['pendingReview', 'Pending review'],
  ['approvedBySupervisor', 'Approved by supervisor'],
  ['approvedByManager', 'Approved by manager'],
  ['rejected', 'Rejected'],
  ['quarantined', 'Quarantined'],
];
const REVIEW_LABELS = Object.fromEntries(REVIEW_STATES);
// the total's or a team's control group "lags" when its completion rate is more than this (in points of a 0..1 rate)
// below the migrant groups': the server's default monitoring.control-gap-percent. Strata and EAs are marked where
// the server's control-lagging alerts name them, whatever the setting.
const LAG_POINTS = 0.25;
const REFRESH_DEBOUNCE_MS = 300;
// who is offered which view: the roles the API lets read what the view shows
const WATCHERS = ['admin', 'manager', 'supervisor'];
const VIEW_ROLES = { coverage: WATCHERS, queue: WATCHERS, exports: ['admin', 'manager', 'analyst'] };

const state = {
  token: sessionStorage.getItem('fieldsync.token'),
  user: null,
  surveys: [],
  surveyId: sessionStorage.getItem('fieldsync.survey'),
  lang: localStorage.getItem('fieldsync.lang') || 'en',
  coverage: null,
  stratum: '',
  review: 'pendingReview',
  filters: { team: '', enumerator: '', ea: '' },
  queue: [],
  selected: new Map(), // interviewId -> revision
  interview: null,
  view: null,
  languages: null, // a promise of the questionnaire's languages, asked once a session
};

// ---------------------------------------------------------------------------------------------------------------
// small helpers

const $ = (id) => document.getElementById(id);

/** Builds an element: el('td', {class: 'num'}, 'text', child...). Strings become text nodes. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function clear(node) {
  node.replaceChildren();
  return node;
}

function show(node, visible) {
  node.hidden = !visible;
}

function setText(node, text) {
  node.textContent = text === null || text === undefined ? '' : text;
  show(node, !!text);
}

const intFmt = new Intl.NumberFormat('en');
const decFmt = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

function num(n) {
  return n === null || n === undefined ? '—' : intFmt.format(n);
}

function dec(n) {
  return n === null || n === undefined ? '—' : decFmt.format(n);
}

function pct(r) {
  return r === null || r === undefined ? '—' : `${Math.round(r * 100)} %`;
}

/** "of target" text: 9 / 12 (target may be fractional in the API: shown rounded to one decimal). */
function ofTarget(done, target) {
  return target === null || target === undefined ? num(done) : `${num(done)} / ${dec(target)}`;
}

function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

function ago(iso) {
  if (!iso) return '—';
  const ms = Date.now() - new Date(iso).getTime();
  if (Number.isNaN(ms)) return iso;
  const min = Math.round(ms / 60000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

/** A team's name from the coverage already fetched (the interview answer carries only its id). */
function teamLabel(teamId) {
  const team = ((state.coverage && state.coverage.teams) || []).find((t) => t.id === teamId);
  return team ? team.label || teamId : teamId;
}

function reviewLabel(review) {
  return REVIEW_LABELS[review] || review || '—';
}

function counts(row, group) {
  return (row && row[group]) || {};
}

/** True when the control group's completion rate is well below the migrant groups' (both known). */
function controlLags(row) {
  const r = (row && row.rates) || {};
  return r.completionControl !== null && r.completionControl !== undefined
    && r.completionMigrant !== null && r.completionMigrant !== undefined
    && r.completionControl + LAG_POINTS < r.completionMigrant;
}

// ---------------------------------------------------------------------------------------------------------------
// API access: bearer token on every call, problem JSON shown by its message, 401 back to login

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.message) || `The server answered ${status}.`);
    this.status = status;
    this.code = problem && problem.code;
    this.details = problem && problem.details;
  }
}

/** Calls the API (url from the root: /api/v1/...); answers the 2xx response, throws any other as an ApiError. */
async function send(method, url, body, accept = 'application/json') {
  const headers = { Accept: accept };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: 'Cannot reach the server. Check the connection and retry.' });
  }
  if (!res.ok) {
    const err = new ApiError(res.status, parseJson(await res.text()));
    if (res.status === 401 && state.token && !url.startsWith(`${API}/auth/login`)) {
      sessionEnded('Your session has ended: log in again.');
    }
    throw err;
  }
  return res;
}

/** Calls the API at a path below /api/v1 and answers the JSON it returns (null for none). */
async function api(method, path, body) {
  const res = await send(method, API + path, body);
  return res.status === 204 ? null : parseJson(await res.text());
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

/**
 * Asks for the list a view shows (the array in field of the answer). Answers it, or an empty list with the API's
 * message in errorNode; null when the session ended or the answer is no longer wanted (the view moved on).
 */
async function fetchList(errorNode, path, field, wanted) {
  try {
    const result = await api('GET', path);
    if (!wanted()) return null;
    setText(errorNode, null);
    return (result && result[field]) || [];
  } catch (e) {
    if (e.status === 401) return null;
    setText(errorNode, e.message);
    return [];
  }
}

function surveyPath(suffix) {
  return `/surveys/${encodeURIComponent(state.surveyId)}${suffix}`;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---------------------------------------------------------------------------------------------------------------
// session

function saveToken(token) {
  state.token = token;
  if (token) sessionStorage.setItem('fieldsync.token', token);
  else sessionStorage.removeItem('fieldsync.token');
}

function sessionEnded(message) {
  saveToken(null);
  state.user = null;
  state.languages = null;
  stopEvents();
  stopExportPolling();
  showBanner(null);
  setText($('login-error'), message);
  showView('login');
  if (location.hash !== '#/login') location.hash = '#/login';
}

async function login(event) {
  event.preventDefault();
  const username = $('login-username').value.trim();
  const password = $('login-password').value;
  setText($('login-error'), null);
  if (!username || !password) {
    setText($('login-error'), 'Enter your username and password.');
    return;
  }
  const button = $('login-submit');
  button.disabled = true;
  try {
    const result = await api('POST', '/auth/login', { username, password });
    saveToken(result.token);
    state.user = result.user || null;
    $('login-password').value = '';
    await startSession();
    const home = `#/${homeView()}`;
    if (location.hash === home) route();
    else location.hash = home;
  } catch (e) {
    setText($('login-error'), e.message);
  } finally {
    button.disabled = false;
  }
}

async function logout() {
  try {
    await api('POST', '/auth/logout');
  } catch (e) {
    // the token is dropped here either way
  }
  sessionEnded(null);
}

/** After login or on reload with a token: who am I, which surveys, then the live stream. */
async function startSession() {
  if (!state.user) state.user = await api('GET', '/auth/me');
  const roles = (state.user.roles || []).join(', ');
  $('whoami').textContent = `${state.user.displayName || state.user.username}${roles ? ` (${roles})` : ''}`;
  state.surveys = (await api('GET', '/surveys')) || [];
  if (!state.surveys.some((s) => s.id === state.surveyId)) {
    state.surveyId = state.surveys.length ? state.surveys[0].id : null;
  }
  const select = clear($('survey-select'));
  for (const s of state.surveys) {
    select.append(el('option', { value: s.id }, s.title || s.name || s.id));
  }
  select.value = state.surveyId || '';
  if (state.surveyId) sessionStorage.setItem('fieldsync.survey', state.surveyId);
  const home = homeView();
  for (const a of document.querySelectorAll('.tabs-main a')) {
    show(a, mayView(a.dataset.view) || a.dataset.view === home);
  }
  show($('lang-tool'), mayView('queue')); // the labels of reviewed interviews
  document.querySelector('.brand').setAttribute('href', `#/${home}`);
  show($('topbar'), true);
  startEvents();
}

function hasRole(...roles) {
  const mine = (state.user && state.user.roles) || [];
  return roles.some((r) => mine.includes(r));
}

function mayView(name) {
  return hasRole(...(VIEW_ROLES[name] || []));
}

/**
 * Where a user lands: coverage, unless exports are the only view for them (an analyst). Anyone else lands on
 * coverage too, where an enumerator reads the API's 403 message.
 */
function homeView() {
  return !mayView('coverage') && mayView('exports') ? 'exports' : 'coverage';
}

function showBanner(message) {
  setText($('banner'), message);
}

// ---------------------------------------------------------------------------------------------------------------
// routing: #/login, #/coverage, #/queue, #/interview/{id}, #/exports

function parseHash() {
  const h = location.hash.replace(/^#\/?/, '');
  const [path] = h.split('?');
  const parts = path.split('/').map(decodeURIComponent);
  return { name: parts[0], arg: parts[1] };
}

async function route() {
  const { name, arg } = parseHash();
  if (!state.token) {
    showView('login');
    return;
  }
  if (!state.user) {
    try {
      await startSession();
    } catch (e) {
      if (e.status !== 401) showBanner(e.message);
      return;
    }
  }
  if (name === 'login' || !name) {
    location.hash = `#/${homeView()}`;
    return;
  }
  if (!state.surveyId) {
    showView('coverage');
    setText($('coverage-error'), 'No survey is visible to this account.');
    return;
  }
  if (name === 'queue') {
    showView('queue');
    loadQueue();
  } else if (name === 'exports') {
    showView('exports');
    loadExports();
  } else if (name === 'interview' && arg) {
    if (!state.interview || state.interview.interviewId !== arg) {
      state.interview = null;
      clearInterview();
    }
    showView('interview');
    loadInterview(arg);
  } else {
    showView('coverage');
    loadCoverage();
  }
}

function showView(name) {
  state.view = name;
  if (name !== 'exports') stopExportPolling();
  for (const v of ['login', 'coverage', 'queue', 'interview', 'exports']) show($(`view-${v}`), v === name);
  show($('topbar'), name !== 'login');
  for (const a of document.querySelectorAll('.tabs-main a')) {
    const active = a.dataset.view === name || (name === 'interview' && a.dataset.view === 'queue');
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (name === 'login') {
    $('login-username').focus();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// coverage view

async function loadCoverage() {
  const surveyId = state.surveyId;
  try {
    const coverage = await api('GET', surveyPath('/coverage') + query({ stratum: state.stratum }));
    if (surveyId !== state.surveyId) return;
    state.coverage = coverage;
    setText($('coverage-error'), null);
    show($('coverage-body'), true);
    renderCoverage(coverage);
  } catch (e) {
    if (e.status === 401) return;
    state.coverage = null;
    setText($('coverage-error'), e.message);
    show($('coverage-body'), false);
  }
}

function renderCoverage(c) {
  $('coverage-stamp').textContent = `Updated ${dateTime(c.generatedAt)} · version ${num(c.version)}`;
  renderStratumSelect(c.strata || []);
  renderTotals(c.total || {});
  const perEa = !!state.stratum;
  const rows = perEa ? (c.eas || []) : (c.strata || []);
  const lagging = new Set((c.alerts || []).filter((a) => a.kind === 'control-lagging').map((a) => a.subject));
  $('chart-target-title').textContent = perEa ? 'Completed vs target, by EA' : 'Completed vs target, by stratum';
  $('chart-target-sub').textContent = 'Bars are completed interviews; the outline is the target. '
    + 'A red control bar marks a control group that lags behind the migrant groups.';
  // strata and EAs lag where the server's alerts say so; the total and teams, which alerts do not cover, by the gap
  const alerted = (r) => lagging.has(r.id);
  drawTargetChart($('chart-target'), rows, alerted);
  drawProgressChart($('chart-progress'), c.progress || [], (c.total || {}).target || {});
  renderAlerts(c.alerts || []);
  renderGroupTable($('teams-table'), 'Team', c.teams || [], controlLags);
  show($('eas-card'), perEa);
  if (perEa) renderGroupTable($('eas-table'), 'EA', c.eas || [], alerted);
  renderEnumerators(c.enumerators || [], c.teams || []);
  fillQueueFilters(c);
}

function renderStratumSelect(strata) {
  const select = $('stratum-select');
  const known = [...select.options].map((o) => o.value).join('|');
  const wanted = ['', ...strata.map((s) => s.id)].join('|');
  if (known !== wanted && !state.stratum) {
    clear(select).append(el('option', { value: '' }, 'All strata'),
      ...strata.map((s) => el('option', { value: s.id }, s.label || s.id)));
  }
  select.value = state.stratum;
}

function renderTotals(t) {
  const m = counts(t, 'migrant');
  const k = counts(t, 'control');
  const a = counts(t, 'all');
  const target = t.target || {};
  const rates = t.rates || {};
  const lag = controlLags(t);
  const tile = (id, label, value, sub, cls) => el('div', { class: `tile ${cls || ''}`, id },
    el('div', { class: 'tile-label' }, label),
    el('div', { class: 'tile-value', 'data-value': '' }, value),
    sub ? el('div', { class: 'tile-sub' }, sub) : null);
  clear($('totals')).append(
    tile('total-migrant', 'Migrant completes', ofTarget(m.complete, target.migrant),
      `${pct(rates.completionMigrant)} of target`),
    tile('total-control', 'Control completes', ofTarget(k.complete, target.control),
      `${pct(rates.completionControl)} of target${lag ? ' · lagging' : ''}`, lag ? 'lag' : ''),
    tile('total-complete', 'All completes', num(a.complete), `${num(a.visited)} visited of ${num(a.assigned)}`),
    tile('total-pending', 'Pending review', num(a.pendingReview),
      `${num(a.rejected)} rejected · ${num(a.quarantined)} quarantined`),
    tile('total-rates', 'Response rate (RR1)', pct(rates.rr1), `RR3 ${pct(rates.rr3)} · contact ${pct(rates.con1)}`),
    tile('total-balance', 'Migrant : control', rates.balance === null || rates.balance === undefined
      ? '—' : `${dec(rates.balance)} : 1`, `planned ${dec(rates.plannedBalance)} : 1`),
  );
}

/**
 * Horizontal bars per row (stratum or EA): migrant and control side by side, completed filled, target outlined,
 * "done / target" written beside them. Drawn at the container's width, in two columns of rows when it is wide.
 */
function drawTargetChart(container, rows, lags) {
  clear(container);
  if (!rows.length) {
    container.append(el('p', { class: 'muted' }, 'No rows yet.'));
    return;
  }
  const width = Math.max(420, container.clientWidth || 560);
  const columns = width >= 1000 && rows.length > 6 ? 2 : 1;
  const perColumn = Math.ceil(rows.length / columns);
  const colW = width / columns;
  const labelW = 120;
  const valueW = 100;
  const barW = colW - labelW - valueW - 16;
  const barH = 11;
  const rowH = barH * 2 + 12;
  const height = perColumn * rowH + 28;
  let max = 1;
  for (const r of rows) {
    const t = r.target || {};
    max = Math.max(max, counts(r, 'migrant').complete || 0, counts(r, 'control').complete || 0,
      t.migrant || 0, t.control || 0);
  }
  const scale = (v) => ((v || 0) / max) * barW;
  const chart = svg('svg', {
    width, height, viewBox: `0 0 ${width} ${height}`, class: 'svg-chart', role: 'img',
    'aria-label': 'Completed interviews against targets, migrant and control groups',
  });
  rows.forEach((r, i) => {
    const x0 = Math.floor(i / perColumn) * colW;
    const y = (i % perColumn) * rowH + 4;
    const lag = lags(r);
    const t = r.target || {};
    const g = svg('g', { class: `chart-row${lag ? ' lag' : ''}`, 'data-id': r.id });
    g.append(svg('text', { x: x0 + labelW - 8, y: y + barH + 4, 'text-anchor': 'end', class: 'chart-label' },
      truncate(r.label || r.id, 16), svg('title', {}, r.label || r.id)));
    const groups = [['migrant', counts(r, 'migrant').complete, t.migrant, 'bar-migrant'],
      ['control', counts(r, 'control').complete, t.control, lag ? 'bar-control lag' : 'bar-control']];
    groups.forEach(([name, done, target, cls], j) => {
      const by = y + j * (barH + 1);
      const tip = `${r.label || r.id}, ${name}: ${num(done)} completed of target ${dec(target)}`;
      g.append(svg('rect', { x: x0 + labelW, y: by, width: Math.max(scale(done), done ? 2 : 0), height: barH,
        class: cls }, svg('title', {}, tip)));
      if (target !== null && target !== undefined) {
        g.append(svg('rect', { x: x0 + labelW, y: by, width: scale(target), height: barH, class: 'bar-target' }));
      }
      g.append(svg('text', { x: x0 + labelW + barW + 8, y: by + barH - 1,
        class: `chart-value${j && lag ? ' lag' : ''}` }, `${name[0].toUpperCase()} ${ofTarget(done, target)}`));
    });
    chart.append(g);
  });
  const ly = height - 8;
  const lx = labelW;
  chart.append(
    svg('rect', { x: lx, y: ly - 9, width: 10, height: 10, class: 'bar-migrant' }),
    svg('text', { x: lx + 14, y: ly, class: 'chart-legend' }, 'migrant (M)'),
    svg('rect', { x: lx + 100, y: ly - 9, width: 10, height: 10, class: 'bar-control' }),
    svg('text', { x: lx + 114, y: ly, class: 'chart-legend' }, 'control (C)'),
    svg('rect', { x: lx + 200, y: ly - 9, width: 10, height: 10, class: 'bar-control lag' }),
    svg('text', { x: lx + 214, y: ly, class: 'chart-legend' }, 'control lagging'),
    svg('rect', { x: lx + 330, y: ly - 9, width: 18, height: 10, class: 'bar-target' }),
    svg('text', { x: lx + 352, y: ly, class: 'chart-legend' }, 'target'),
  );
  container.append(chart);
}

function truncate(s, n) {
  s = String(s);
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Cumulative completes per day, migrant and control lines, with the targets dashed. */
function drawProgressChart(container, progress, target) {
  clear(container);
  const days = [...progress].sort((a, b) => String(a.day).localeCompare(String(b.day)));
  if (!days.length) {
    container.append(el('p', { class: 'muted' }, 'No completed interviews yet.'));
    return;
  }
  let m = 0;
  let c = 0;
  const points = days.map((d) => {
    m += d.migrant || 0;
    c += d.control || 0;
    return { day: d.day, migrant: m, control: c };
  });
  const W = Math.max(360, container.clientWidth || 560);
  const H = 260;
  const pad = { l: 40, r: 16, t: 20, b: 40 };
  // targets far above the completes so far would flatten the lines: then they are named in the legend only
  const targetMax = Math.max(target.migrant || 0, target.control || 0);
  const showTargets = targetMax > 0 && Math.max(m, c) * 5 >= targetMax;
  const max = Math.max(1, m, c, showTargets ? targetMax : 0);
  const plotW = W - pad.l - pad.r;
  const x = (i) => pad.l + (points.length === 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (v) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const chart = svg('svg', {
    width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: 'svg-chart', role: 'img',
    'aria-label': 'Cumulative completed interviews per day, migrant and control',
  });
  for (const v of niceTicks(max)) {
    chart.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, num(v)));
  }
  const every = Math.ceil(points.length / 8);
  points.forEach((p, i) => {
    if (i % every === 0 || i === points.length - 1) {
      chart.append(svg('text', { x: x(i), y: H - pad.b + 16, 'text-anchor': 'middle', class: 'axis' },
        String(p.day).slice(5)));
    }
  });
  // control first, with larger dots, so that equal counts leave both visible
  for (const [key, cls, r] of [['control', 'line-control', 5], ['migrant', 'line-migrant', 3.5]]) {
    if (showTargets && target[key] !== null && target[key] !== undefined) {
      chart.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y(target[key]), y2: y(target[key]),
        class: `${cls} target` }), svg('text', { x: W - pad.r, y: y(target[key]) - 4, 'text-anchor': 'end',
        class: 'axis' }, `${key} target ${dec(target[key])}`));
    }
    chart.append(svg('polyline', { points: points.map((p, i) => `${x(i)},${y(p[key])}`).join(' '), class: cls }));
    points.forEach((p, i) => chart.append(svg('circle', { cx: x(i), cy: y(p[key]), r, class: cls },
      svg('title', {}, `${p.day}: ${num(p[key])} ${key} completed in all`))));
  }
  const ly = H - 8;
  chart.append(
    svg('line', { x1: pad.l, x2: pad.l + 18, y1: ly - 4, y2: ly - 4, class: 'line-migrant' }),
    svg('text', { x: pad.l + 24, y: ly, class: 'chart-legend' }, `migrant ${ofTarget(m, target.migrant)}`),
    svg('line', { x1: pad.l + 160, x2: pad.l + 178, y1: ly - 4, y2: ly - 4, class: 'line-control' }),
    svg('text', { x: pad.l + 184, y: ly, class: 'chart-legend' }, `control ${ofTarget(c, target.control)}`),
  );
  container.append(chart);
}

function niceTicks(max) {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((s) => s * mag).find((s) => s >= raw) || raw;
  const ticks = [];
  for (let v = 0; v <= max + 1e-9; v += Math.max(1, step)) ticks.push(Math.round(v));
  return ticks;
}

function renderAlerts(alerts) {
  const list = clear($('alerts'));
  $('alerts-title').textContent = `Alerts (${num(alerts.length)})`;
  if (!alerts.length) {
    list.append(el('li', { class: 'muted' }, 'No alerts.'));
    return;
  }
  for (const a of alerts) {
    list.append(el('li', { class: `alert ${a.severity || ''}`, dataset: { kind: a.kind || '' } },
      el('span', { class: 'alert-kind' }, (a.kind || '').replace(/-/g, ' ')),
      el('span', { class: 'alert-message' }, a.message),
      el('span', { class: 'alert-meta muted' }, [a.level, a.subject].filter(Boolean).join(' '),
        a.at ? ` · ${dateTime(a.at)}` : ''),
      a.interviewId ? el('a', { href: `#/interview/${encodeURIComponent(a.interviewId)}` }, 'Open interview')
        : null));
  }
}

/** A control-lag bar: control completion rate over the migrant one, the gap in red. */
function lagBar(row, lag) {
  const r = row.rates || {};
  const wrap = el('div', { class: `lagbar${lag ? ' lag' : ''}`,
    title: `migrant ${pct(r.completionMigrant)} of target, control ${pct(r.completionControl)} of target` });
  wrap.append(el('span', { class: 'lagbar-m', style: `width:${Math.min(100, (r.completionMigrant || 0) * 100)}%` }),
    el('span', { class: 'lagbar-c', style: `width:${Math.min(100, (r.completionControl || 0) * 100)}%` }));
  return wrap;
}

function renderGroupTable(table, firstColumn, rows, lags) {
  clear(table);
  table.append(el('thead', {}, el('tr', {},
    el('th', { scope: 'col' }, firstColumn),
    el('th', { scope: 'col', class: 'num' }, 'Migrant done / target'),
    el('th', { scope: 'col', class: 'num' }, 'Control done / target'),
    el('th', { scope: 'col' }, 'Control vs migrant'),
    el('th', { scope: 'col', class: 'num' }, 'Visited / assigned'),
    el('th', { scope: 'col', class: 'num' }, 'RR1'),
    el('th', { scope: 'col', class: 'num' }, 'CON1'),
    el('th', { scope: 'col', class: 'num' }, 'M : C (planned)'),
    el('th', { scope: 'col', class: 'num' }, 'Pending'),
    el('th', { scope: 'col', class: 'num' }, 'Rejected'))));
  const body = el('tbody');
  if (!rows.length) {
    body.append(el('tr', {}, el('td', { colspan: 10, class: 'muted' }, 'No rows.')));
  }
  for (const r of rows) {
    const t = r.target || {};
    const rates = r.rates || {};
    const a = counts(r, 'all');
    const lag = lags(r);
    body.append(el('tr', { class: lag ? 'lag' : '', dataset: { id: r.id } },
      el('th', { scope: 'row' }, r.label || r.id),
      el('td', { class: 'num' }, ofTarget(counts(r, 'migrant').complete, t.migrant)),
      el('td', { class: `num${lag ? ' lag-text' : ''}` }, ofTarget(counts(r, 'control').complete, t.control)),
      el('td', {}, lagBar(r, lag)),
      el('td', { class: 'num' }, `${num(a.visited)} / ${num(a.assigned)}`),
      el('td', { class: 'num' }, pct(rates.rr1)),
      el('td', { class: 'num' }, pct(rates.con1)),
      el('td', { class: 'num' }, `${dec(rates.balance)} (${dec(rates.plannedBalance)})`),
      el('td', { class: 'num' }, num(a.pendingReview)),
      el('td', { class: 'num' }, num(a.rejected))));
  }
  table.append(body);
}

function renderEnumerators(rows, teams) {
  const table = clear($('enumerators-table'));
  const teamName = Object.fromEntries(teams.map((t) => [t.id, t.label || t.id]));
  table.append(el('thead', {}, el('tr', {},
    el('th', { scope: 'col' }, 'Enumerator'),
    el('th', { scope: 'col' }, 'Team'),
    el('th', { scope: 'col', class: 'num' }, 'Interviews / day'),
    el('th', { scope: 'col', class: 'num' }, 'Median minutes'),
    el('th', { scope: 'col' }, 'Last sync'),
    el('th', { scope: 'col', class: 'num' }, 'Rejection rate'),
    el('th', { scope: 'col', class: 'num' }, 'Completes'),
    el('th', { scope: 'col', class: 'num' }, 'Pending'),
    el('th', { scope: 'col', class: 'num' }, 'Active days'))));
  const body = el('tbody');
  if (!rows.length) {
    body.append(el('tr', {}, el('td', { colspan: 9, class: 'muted' }, 'No enumerators.')));
  }
  for (const r of rows) {
    const a = counts(r, 'all');
    const stale = r.lastSyncAt && Date.now() - new Date(r.lastSyncAt).getTime() > 24 * 3600 * 1000;
    body.append(el('tr', { dataset: { id: r.id, username: r.username || '' } },
      el('th', { scope: 'row' }, r.label || r.username || r.id,
        r.label && r.username && r.label !== r.username
          ? el('span', { class: 'muted small' }, ` ${r.username}`) : null),
      el('td', {}, teamName[r.teamId] || r.teamId || '—'),
      el('td', { class: 'num' }, dec(r.interviewsPerDay)),
      el('td', { class: 'num' }, dec(r.medianMinutes)),
      el('td', { class: stale ? 'stale' : '', title: r.lastSyncAt ? dateTime(r.lastSyncAt) : 'never synced' },
        r.lastSyncAt ? ago(r.lastSyncAt) : 'never'),
      el('td', { class: 'num' }, pct(r.rejectionRate)),
      el('td', { class: 'num' }, num(a.complete)),
      el('td', { class: 'num' }, num(a.pendingReview)),
      el('td', { class: 'num' }, num(r.activeDays))));
  }
  table.append(body);
}

// ---------------------------------------------------------------------------------------------------------------
// review queue

function renderReviewTabs() {
  const tabs = clear($('review-tabs'));
  for (const [value, label] of REVIEW_STATES) {
    tabs.append(el('button', {
      type: 'button', role: 'tab', 'aria-selected': value === state.review ? 'true' : 'false',
      dataset: { review: value },
      onclick: () => {
        state.review = value;
        state.selected.clear();
        renderReviewTabs();
        setText($('bulk-result'), null);
        loadQueue();
      },
    }, label));
  }
}

function fillQueueFilters(c) {
  const fill = (select, items, current) => {
    const wanted = ['', ...items.map((i) => i.value)].join('|');
    if ([...select.options].map((o) => o.value).join('|') !== wanted) {
      clear(select).append(el('option', { value: '' }, 'All'),
        ...items.map((i) => el('option', { value: i.value }, i.label)));
    }
    select.value = current;
  };
  fill($('filter-team'), (c.teams || []).map((t) => ({ value: t.id, label: t.label || t.id })), state.filters.team);
  fill($('filter-enumerator'),
    (c.enumerators || []).map((e) => ({ value: e.id, label: e.label || e.username || e.id })),
    state.filters.enumerator);
}

async function loadQueue() {
  renderReviewTabs();
  if (!state.coverage) {
    // the filter lists come from coverage; the queue does not wait for them
    api('GET', surveyPath('/coverage')).then((c) => {
      state.coverage = state.coverage || c;
      fillQueueFilters(c);
    }).catch(() => {});
  }
  const surveyId = state.surveyId;
  const review = state.review;
  const rows = await fetchList($('queue-error'), surveyPath('/interviews') + query({
    review, team: state.filters.team, enumerator: state.filters.enumerator, ea: state.filters.ea, limit: 100,
  }), 'interviews', () => surveyId === state.surveyId && review === state.review);
  if (rows === null) return;
  state.queue = rows;
  renderQueue();
}

function renderQueue() {
  const table = clear($('queue-table'));
  const rows = state.queue;
  // keep only selections that are still listed, at the revision listed
  const listed = new Map(rows.map((r) => [r.interviewId, r.revision]));
  for (const [id, rev] of [...state.selected]) {
    if (listed.get(id) !== rev) state.selected.delete(id);
  }
  const all = el('input', {
    type: 'checkbox', 'aria-label': 'Select all',
    onchange: (e) => {
      state.selected.clear();
      if (e.target.checked) rows.forEach((r) => state.selected.set(r.interviewId, r.revision));
      renderQueue();
    },
  });
  all.checked = rows.length > 0 && state.selected.size === rows.length;
  table.append(el('thead', {}, el('tr', {},
    el('th', { scope: 'col', class: 'check' }, all),
    el('th', { scope: 'col' }, 'Interview'),
    el('th', { scope: 'col' }, 'Received'),
    el('th', { scope: 'col' }, 'Enumerator'),
    el('th', { scope: 'col' }, 'EA'),
    el('th', { scope: 'col' }, 'Type'),
    el('th', { scope: 'col' }, 'Disposition'),
    el('th', { scope: 'col', class: 'num' }, 'Minutes'),
    el('th', { scope: 'col', class: 'num' }, 'Errors'),
    el('th', { scope: 'col' }, 'Review'))));
  const body = el('tbody');
  for (const r of rows) {
    const box = el('input', {
      type: 'checkbox', 'aria-label': `Select ${r.interviewId}`,
      onchange: (e) => {
        if (e.target.checked) state.selected.set(r.interviewId, r.revision);
        else state.selected.delete(r.interviewId);
        renderQueue();
      },
    });
    box.checked = state.selected.has(r.interviewId);
    const typeChanged = r.typeFound && r.type && r.typeFound !== r.type;
    body.append(el('tr', { dataset: { interview: r.interviewId }, class: r.errors ? 'has-errors' : '' },
      el('td', { class: 'check' }, box),
      el('td', {}, el('a', { href: `#/interview/${encodeURIComponent(r.interviewId)}` }, r.interviewId),
        r.revision > 1 ? el('span', { class: 'muted small' }, ` rev ${r.revision}`) : null),
      el('td', {}, dateTime(r.receivedAt)),
      el('td', {}, r.enumerator || r.enumeratorId || '—'),
      el('td', {}, r.eaId || '—'),
      el('td', {}, typeChanged ? `${r.type} → ${r.typeFound}` : (r.typeFound || r.type || '—')),
      el('td', {}, r.disposition || '—'),
      el('td', { class: 'num' }, dec(r.durationMinutes)),
      el('td', { class: `num${r.errors ? ' error-text' : ''}` }, num(r.errors)),
      el('td', {}, el('span', { class: `badge ${r.review || ''}` }, reviewLabel(r.review)))));
  }
  table.append(body);
  show($('queue-empty'), rows.length === 0);
  const n = state.selected.size;
  const button = $('bulk-approve');
  button.disabled = n === 0;
  button.textContent = n ? `Approve selected (${n})` : 'Approve selected';
}

async function bulkApprove() {
  const interviews = [...state.selected].map(([interviewId, revision]) => ({ interviewId, revision }));
  if (!interviews.length) return;
  const comment = $('bulk-comment').value.trim();
  const button = $('bulk-approve');
  button.disabled = true;
  setText($('bulk-result'), null);
  try {
    const body = { decision: 'approve', interviews };
    if (comment) body.comment = comment;
    const result = await api('POST', surveyPath('/reviews'), body);
    const results = (result && result.results) || [];
    const approved = results.filter((r) => r.outcome === 'approved');
    const refused = results.filter((r) => r.outcome !== 'approved');
    let text = `${approved.length} approved`;
    if (refused.length) {
      text += `, ${refused.length} not approved: `
        + refused.map((r) => `${r.interviewId}: ${r.message || r.code || r.outcome}`).join('; ');
    }
    setText($('bulk-result'), `${text}.`);
    state.selected.clear();
    $('bulk-comment').value = '';
    await loadQueue();
  } catch (e) {
    setText($('queue-error'), e.message);
    renderQueue();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// interview review

function clearInterview() {
  $('interview-title').textContent = 'Interview';
  setText($('interview-review'), null);
  clear($('interview-summary'));
  clear($('interview-answers'));
  clear($('interview-history'));
  show($('interview-errors'), false);
  setText($('interview-error'), null);
  setText($('decision-error'), null);
  setText($('decision-result'), null);
  $('decision-comment').value = '';
}

async function loadInterview(id) {
  try {
    const iv = await api('GET', surveyPath(`/interviews/${encodeURIComponent(id)}`) + query({ lang: state.lang }));
    if (parseHash().arg !== id) return;
    state.interview = iv;
    setText($('interview-error'), null);
    renderInterview(iv);
  } catch (e) {
    if (e.status === 401) return;
    setText($('interview-error'), e.message);
  }
}

function renderInterview(iv) {
  $('interview-title').textContent = `Interview ${iv.interviewId}`;
  const badge = $('interview-review');
  badge.className = `badge ${iv.review || ''}`;
  setText(badge, reviewLabel(iv.review));
  const field = (label, value) => el('div', { class: 'field' }, el('dt', {}, label), el('dd', {}, value ?? '—'));
  const typeText = iv.typeFound && iv.type && iv.typeFound !== iv.type
    ? `${iv.type} assigned, ${iv.typeFound} found` : (iv.typeFound || iv.type);
  clear($('interview-summary')).append(el('dl', { class: 'fields' },
    field('Review', reviewLabel(iv.review)),
    field('Status', iv.status),
    field('Revision', num(iv.revision)),
    field('Enumerator', iv.enumerator || iv.enumeratorId),
    field('Team', teamLabel(iv.teamId)),
    field('EA', iv.eaId),
    field('Stratum', iv.stratum),
    field('Household', iv.householdId),
    field('Type', typeText),
    field('Disposition', iv.disposition),
    field('Started', dateTime(iv.startedAt)),
    field('Ended', dateTime(iv.endedAt)),
    field('Duration', iv.durationMinutes === null || iv.durationMinutes === undefined
      ? '—' : `${dec(iv.durationMinutes)} min`),
    field('Received', dateTime(iv.receivedAt)),
    field('Questionnaire', `${iv.formId || ''} v${iv.formVersion ?? ''}`)));

  const errors = iv.errors || [];
  show($('interview-errors'), errors.length > 0);
  clear($('interview-errors-list')).append(...errors.map((e) => el('li', {},
    el('span', { class: 'error-text' }, e.message || e.code), ' ',
    e.pointer ? el('a', { href: '#', class: 'pointer', onclick: (ev) => showAnswer(ev, e.pointer) }, e.pointer) : null,
    e.code ? el('span', { class: 'muted small' }, ` (${e.code})`) : null)));
  // a quarantined interview failed validation: the server accepts only a rejection for it
  const quarantined = iv.review === 'quarantined';
  $('approve').disabled = quarantined;
  $('approve').title = quarantined ? 'A quarantined interview cannot be approved: reject it so it is corrected' : '';

  const answers = clear($('interview-answers'));
  const sections = new Map();
  for (const a of iv.answers || []) {
    const key = a.section || 'Answers';
    if (!sections.has(key)) sections.set(key, []);
    sections.get(key).push(a);
  }
  if (!sections.size) answers.append(el('p', { class: 'card muted' }, 'No answers.'));
  for (const [section, rows] of sections) {
    answers.append(el('section', { class: 'card' },
      el('h2', {}, section),
      el('div', { class: 'table-wrap' }, el('table', { class: 'answers' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Question'), el('th', { scope: 'col' }, 'Answer'))),
        el('tbody', {}, rows.map((a) => el('tr', {
          class: a.error ? 'answer-error' : '', dataset: { pointer: a.pointer },
        },
          el('th', { scope: 'row' }, a.label || a.pointer, el('div', { class: 'muted small' }, a.pointer)),
          el('td', {}, a.display ?? (a.value === null || a.value === undefined ? '—' : JSON.stringify(a.value)),
            a.error ? el('div', { class: 'error-text small' }, a.error.message || a.error.code || String(a.error))
              : null))))))));
  }

  clear($('interview-history')).append(...(iv.history || []).map((h) => el('li', {},
    el('strong', {}, h.action), ` revision ${num(h.revision)} by ${h.by || '—'}, ${dateTime(h.at)}`,
    h.comment ? el('div', { class: 'comment' }, `“${h.comment}”`) : null)));
}

/** Scrolls to the answer an error is about and marks it for a moment. */
function showAnswer(event, pointer) {
  event.preventDefault();
  const row = [...document.querySelectorAll('#interview-answers tr[data-pointer]')]
    .find((r) => r.dataset.pointer === pointer);
  if (!row) return;
  row.scrollIntoView({ block: 'center' });
  row.classList.add('flash');
  setTimeout(() => row.classList.remove('flash'), 1500);
}

async function decide(decision) {
  const iv = state.interview;
  if (!iv) return;
  const comment = $('decision-comment').value.trim();
  setText($('decision-error'), null);
  setText($('decision-result'), null);
  if (decision === 'reject' && !comment) {
    setText($('decision-error'), 'Write a comment to say why the interview is rejected: the enumerator will see it.');
    $('decision-comment').focus();
    return;
  }
  for (const b of [$('approve'), $('reject')]) b.disabled = true;
  try {
    const body = { revision: iv.revision, decision };
    if (comment) body.comment = comment;
    const r = await api('POST', surveyPath(`/interviews/${encodeURIComponent(iv.interviewId)}/review`), body);
    $('decision-comment').value = '';
    setText($('decision-result'), `Decision recorded: ${reviewLabel(r && r.review)}.`);
    await loadInterview(iv.interviewId);
  } catch (e) {
    setText($('decision-error'), e.message);
  } finally {
    $('reject').disabled = false;
    $('approve').disabled = !!state.interview && state.interview.review === 'quarantined';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// exports: start one, follow it (each queued or running job is asked for every second, until none is), download
// the zip with the bearer token

const EXPORT_POLL_MS = 1000;
const EXPORT_STATES = {
  queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed', expired: 'Expired',
};
const EXPORT_PHASES = {
  queued: 'waiting to start', sample: 'reading the sample', interviews: 'opening interviews',
  writing: 'writing the files', packaging: 'packaging the zip', done: 'done',
};
// the questionnaire whose interviews an export holds (the server's ExportJob.INTERVIEW_FORM)
const EXPORT_FORM = 'household';
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

const exportJobs = { list: [], timer: null, generation: 0, rendered: new WeakMap() };

function isActive(job) {
  return job.state === 'queued' || job.state === 'running';
}

function stopExportPolling() {
  clearTimeout(exportJobs.timer);
  exportJobs.timer = null;
  exportJobs.generation += 1;
}

async function loadExports() {
  stopExportPolling();
  renderExportForm();
  const surveyId = state.surveyId;
  const jobs = await fetchList($('exports-error'), surveyPath('/exports'), 'exports',
    () => surveyId === state.surveyId && state.view === 'exports');
  if (jobs === null) return;
  exportJobs.list = jobs;
  renderExports();
  scheduleExportPoll();
}

function scheduleExportPoll() {
  stopExportPolling();
  if (state.view !== 'exports' || !exportJobs.list.some(isActive)) return;
  const generation = exportJobs.generation;
  exportJobs.timer = setTimeout(() => pollExports(generation), EXPORT_POLL_MS);
}

async function pollExports(generation) {
  try {
    const jobs = await Promise.all(exportJobs.list.filter(isActive)
      .map((job) => api('GET', surveyPath(`/exports/${encodeURIComponent(job.id)}`))));
    if (generation !== exportJobs.generation) return; // the survey, the view or the session changed meanwhile
    jobs.forEach(updateJob);
    setText($('exports-error'), null);
    renderExports();
  } catch (e) {
    if (e.status === 401 || generation !== exportJobs.generation) return;
    setText($('exports-error'), e.message); // and ask again in a second
  }
  scheduleExportPoll();
}

/** Puts a job's latest view in the list (a new one on top) and says aloud when it moved on. */
function updateJob(job) {
  const i = exportJobs.list.findIndex((j) => j.id === job.id);
  const before = i < 0 ? null : exportJobs.list[i];
  if (i < 0) exportJobs.list.unshift(job);
  else exportJobs.list[i] = job;
  let text = null;
  if (!before) text = 'Export started.';
  else if (job.state === 'done' && before.state !== 'done') {
    text = `Export done: ${num(job.interviews)} interviews, ready to download.`;
  } else if (job.state === 'failed' && before.state !== 'failed') text = `Export failed: ${exportError(job)}`;
  else if (Math.floor(job.percent / 25) > Math.floor(before.percent / 25)) text = `Export ${job.percent} % done.`;
  if (text) $('exports-status').textContent = text;
}

async function startExport(event) {
  event.preventDefault();
  const form = $('export-form');
  const body = { include: form.elements.include.value, identifying: form.elements.identifying.value };
  const language = $('export-language-label').hidden ? '' : $('export-language').value;
  if (language) body.language = language;
  const button = $('export-start');
  button.disabled = true;
  setText($('export-error'), null);
  try {
    updateJob(await api('POST', surveyPath('/exports'), body));
    renderExports();
    scheduleExportPoll();
  } catch (e) {
    if (e.status !== 401) setText($('export-error'), e.message);
  } finally {
    button.disabled = false;
  }
}

/**
 * Fetches the zip with the bearer token (a plain link cannot send it) and hands it to the browser as a file. The zip
 * is held in memory meanwhile, which is fine for a survey's data (tens of megabytes).
 */
async function downloadExport(job, button) {
  button.disabled = true;
  setText($('exports-error'), null);
  try {
    const res = await send('GET', job.file.href, undefined, 'application/zip');
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
    const url = URL.createObjectURL(await res.blob());
    const link = el('a', { href: url, download: name ? name[1] : `${job.surveyId}-${job.id}.zip`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    if (e.status !== 401) setText($('exports-error'), e.message);
  } finally {
    button.disabled = false;
  }
}

/** Identifying variables are offered to admins only; the label language when the questionnaire has several. */
function renderExportForm() {
  const admin = hasRole('admin');
  show($('export-keep'), admin);
  if (!admin) $('export-form').elements.identifying.value = 'drop';
  setText($('export-error'), null);
  questionnaireLanguages().then((languages) => {
    const known = (languages || []).length > 1;
    show($('export-language-label'), known);
    const select = $('export-language');
    if (!known || select.options.length === languages.length + 1) return;
    clear(select).append(el('option', { value: '' }, `Questionnaire default (${languageName(languages[0])})`),
      ...languages.map((l) => el('option', { value: l }, languageName(l))));
  });
}

/** The languages of the newest version of the exported questionnaire, asked once a session; null if unknown. */
function questionnaireLanguages() {
  if (!state.languages) {
    state.languages = api('GET', `/questionnaires${query({ formId: EXPORT_FORM })}`).then((versions) => {
      const newest = (versions || []).filter((v) => !v.retired).sort((a, b) => b.version - a.version)[0];
      return newest ? api('GET', `/questionnaires/${encodeURIComponent(EXPORT_FORM)}/versions/${newest.version}`)
        : null;
    }).then((doc) => (doc && doc['x-form'] && doc['x-form'].languages) || null).catch(() => null);
  }
  return state.languages;
}

function languageName(code) {
  try {
    return languageNames.of(code) || code;
  } catch (e) {
    return code;
  }
}

/** Redraws only the jobs that changed, so that a focused Download button keeps its focus while another job runs. */
function renderExports() {
  const list = $('exports-list');
  const jobs = exportJobs.list;
  show($('exports-empty'), jobs.length === 0);
  if (jobs.map((j) => j.id).join('|') !== [...list.children].map((li) => li.dataset.export).join('|')) {
    list.replaceChildren(...jobs.map(exportItem));
    return;
  }
  jobs.forEach((job, i) => {
    const item = list.children[i];
    if (exportJobs.rendered.get(item) !== JSON.stringify(job)) item.replaceWith(exportItem(job));
  });
}

function exportItem(job) {
  const titleId = `export-title-${job.id}`;
  const item = el('li', { class: `export ${job.state}`, dataset: { export: job.id } },
    el('div', { class: 'export-head' },
      el('h3', { id: titleId }, `Started ${dateTime(job.createdAt)} by ${job.requestedBy || '—'}`),
      el('span', { class: `badge ${job.state}` }, EXPORT_STATES[job.state] || job.state)),
    el('p', { class: 'muted small' }, [
      job.include === 'all' ? 'All current revisions' : 'Approved only',
      job.identifying === 'keep' ? 'identifying variables kept' : 'identifying variables dropped',
      job.language ? `labels in ${languageName(job.language)}` : null,
    ].filter(Boolean).join(' · ')),
    isActive(job) || job.state === 'done' ? progressBar(job) : null,
    job.state === 'done' ? exportFile(job, titleId) : null,
    job.state === 'failed' ? el('p', { class: 'error-text' }, exportError(job)) : null,
    job.state === 'expired' ? el('p', { class: 'muted' },
      'Expired: the zip was deleted after its retention time. Start a new export to get the data again.') : null);
  exportJobs.rendered.set(item, JSON.stringify(job));
  return item;
}

function progressBar(job) {
  const percent = Math.max(0, Math.min(100, job.percent || 0));
  let text = `${percent} % · ${EXPORT_PHASES[job.phase] || job.phase || ''}`;
  if (job.total) text += ` (${num(job.done)} / ${num(job.total)})`;
  if (job.etaSeconds !== null && job.etaSeconds !== undefined) text += ` · about ${duration(job.etaSeconds)} left`;
  if (job.state === 'done') text = `100 % · done${job.startedAt ? ` in ${duration(seconds(job))}` : ''}`;
  return el('div', { class: 'progress' },
    el('div', {
      class: 'progress-track', role: 'progressbar', 'aria-label': 'Export progress', 'aria-valuemin': 0,
      'aria-valuemax': 100, 'aria-valuenow': percent, 'aria-valuetext': text,
    }, el('div', { class: 'progress-fill', style: `width:${percent}%` })),
    el('span', { class: 'progress-text', 'aria-hidden': 'true' }, text));
}

function exportFile(job, titleId) {
  const file = job.file || {};
  const warnings = job.warnings || [];
  const button = el('button', {
    type: 'button', class: 'secondary', 'aria-describedby': titleId, onclick: () => downloadExport(job, button),
  }, 'Download zip');
  return el('div', { class: 'export-done' },
    el('div', { class: 'export-file' },
      el('span', {}, `${num(job.interviews)} interviews · ${num(job.households)} households in the sample`),
      el('span', {}, fileSize(file.bytes)),
      el('span', { class: 'sha', title: `SHA-256 ${file.sha256}` }, `sha256 ${String(file.sha256).slice(0, 12)}…`),
      button),
    job.expiresAt ? el('p', { class: 'muted small' }, `Kept until ${dateTime(job.expiresAt)}.`) : null,
    warnings.length ? el('ul', { class: 'warnings', 'aria-label': 'Warnings' },
      warnings.map((w) => el('li', {}, w))) : null);
}

function exportError(job) {
  return (job.error && job.error.message) || 'The export failed: start it again.';
}

function seconds(job) {
  return (new Date(job.finishedAt).getTime() - new Date(job.startedAt).getTime()) / 1000;
}

function duration(s) {
  return s < 90 ? `${Math.max(1, Math.round(s))} s` : `${Math.round(s / 60)} min`;
}

function fileSize(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${num(bytes)} bytes`;
  return bytes < 1024 * 1024 ? `${dec(bytes / 1024)} KB` : `${dec(bytes / (1024 * 1024))} MB`;
}

// ---------------------------------------------------------------------------------------------------------------
// live updates: the survey's event stream, read with fetch (EventSource cannot send the Authorization header)

const events = { controller: null, retry: 0, timer: null, debounce: null };

function setLive(stateName, text) {
  const live = $('live');
  live.dataset.state = stateName;
  live.textContent = text;
}

function stopEvents() {
  if (events.controller) events.controller.abort();
  events.controller = null;
  clearTimeout(events.timer);
  setLive('off', 'offline');
}

function startEvents() {
  stopEvents();
  if (!state.token || !state.surveyId) return;
  if (state.user && !mayView('coverage')) {
    setLive('off', 'no live updates');
    return;
  }
  const controller = new AbortController();
  events.controller = controller;
  streamEvents(controller).catch(() => 'retry').then((outcome) => {
    if (events.controller !== controller || controller.signal.aborted) return;
    if (outcome === 'forbidden') {
      setLive('off', 'no live updates');
      return;
    }
    // the stream ended or failed: come back with a growing, jittered delay (1 s doubling up to 30 s)
    const delay = Math.min(30000, 1000 * 2 ** events.retry) * (0.75 + Math.random() / 2);
    events.retry = Math.min(events.retry + 1, 5);
    setLive('retry', 'reconnecting…');
    events.timer = setTimeout(() => {
      if (events.controller === controller) startEvents();
    }, delay);
  });
}

async function streamEvents(controller) {
  setLive('connecting', 'connecting…');
  const res = await fetch(API + surveyPath('/events'), {
    headers: { Authorization: `Bearer ${state.token}`, Accept: 'text/event-stream' },
    signal: controller.signal,
    cache: 'no-store',
  });
  if (res.status === 401) {
    sessionEnded('Your session has ended: log in again.');
    return 'ended';
  }
  if (res.status === 403) return 'forbidden'; // this account may not follow the survey: retrying will not help
  if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
  events.retry = 0;
  setLive('on', 'live');
  // anything may have changed while we were away
  scheduleRefresh();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      handleEvent(parseEvent(block));
    }
  }
  return 'ended';
}

/** One SSE block to {event, data}; comment lines (": keep-alive") give an empty event. */
function parseEvent(block) {
  let event = 'message';
  const data = [];
  let any = false;
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    let value = i < 0 ? '' : line.slice(i + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    any = true;
  }
  return any ? { event, data: data.join('\n') } : null;
}

function handleEvent(e) {
  if (!e) return;
  if (e.event === 'coverage' || e.event === 'message' || e.event === 'review') {
    let version = null;
    try {
      version = JSON.parse(e.data).version;
    } catch (err) {
      version = null;
    }
    if (version !== null && version !== undefined && state.coverage && state.coverage.version === version
      && state.view === 'coverage') {
      return; // already showing this version
    }
    scheduleRefresh();
  }
}

function scheduleRefresh() {
  clearTimeout(events.debounce);
  events.debounce = setTimeout(refreshCurrentView, REFRESH_DEBOUNCE_MS);
}

function refreshCurrentView() {
  if (!state.token || !state.surveyId) return;
  if (state.view === 'coverage') loadCoverage();
  else if (state.view === 'queue') loadQueue();
  else if (state.view === 'interview' && state.interview) loadInterview(state.interview.interviewId);
}

// ---------------------------------------------------------------------------------------------------------------
// wiring

function init() {
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  $('lang-select').value = state.lang;
  $('lang-select').addEventListener('change', (e) => {
    state.lang = e.target.value;
    localStorage.setItem('fieldsync.lang', state.lang);
    if (state.view === 'interview' && state.interview) loadInterview(state.interview.interviewId);
  });
  $('survey-select').addEventListener('change', (e) => {
    state.surveyId = e.target.value;
    sessionStorage.setItem('fieldsync.survey', state.surveyId);
    state.coverage = null;
    state.stratum = '';
    state.selected.clear();
    startEvents();
    if (state.view === 'interview') location.hash = '#/queue';
    else route();
  });
  $('stratum-select').addEventListener('change', (e) => {
    state.stratum = e.target.value;
    loadCoverage();
  });
  $('queue-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    state.filters = {
      team: $('filter-team').value, enumerator: $('filter-enumerator').value, ea: $('filter-ea').value.trim(),
    };
    state.selected.clear();
    loadQueue();
  });
  $('bulk-approve').addEventListener('click', bulkApprove);
  $('export-form').addEventListener('submit', startExport);
  $('approve').addEventListener('click', () => decide('approve'));
  $('reject').addEventListener('click', () => decide('reject'));
  window.addEventListener('hashchange', route);
  let resizing = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      if (state.view === 'coverage' && state.coverage) renderCoverage(state.coverage);
    }, 150);
  });
  route();
}

init();
