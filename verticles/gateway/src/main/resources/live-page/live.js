'use strict';

// The live page: signs in with POST /auth/login, then follows GET /live/events with EventSource.
// EventSource cannot set headers, so the access token goes in the query. When the server ends the
// feed (a token that expired, a client that fell behind, a shutdown) the page takes a fresh token
// with POST /auth/refresh and opens a new feed from the last event it showed (last_event_id), so
// nothing is lost across the switch. Event data is only ever put in the page as text.
(() => {
  // EventSource has no wildcard listener: every type the shop emits (schemas/events/; LivePageTest checks)
  const TYPES = [
    'customer.tier_changed', 'journal_entry.posted',
    'loyalty.points_earned', 'loyalty.points_redeemed', 'loyalty.points_reversed',
    'order.created', 'order.confirmed', 'order.rejected', 'order.cancelled', 'order.shipped',
    'order.delivered', 'order.refunded',
    'payment.processed', 'payment.failed',
    'product.created', 'product.updated',
    'stock.reserved', 'stock.reservation_failed', 'stock.adjusted', 'stock.revalued', 'stock.low',
    'stock.reorder_settings_changed',
    'user.registered', 'user.role_changed', 'user.status_changed', 'user.email_changed'
  ];
  const MAX_ROWS = 500;
  const MAX_RETRY_MS = 30000;

  const $ = (id) => document.getElementById(id);
  let session = null;
  let source = null;
  let filter = '';
  let lastEventId = null;
  let retryMs = 0;
  let retryTimer = null;
  const shown = new Set();

  function status(text) {
    $('status').textContent = text;
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(json.detail || json.title || 'HTTP ' + response.status);
    }
    return json;
  }

  function signedIn(tokens) {
    session = { access: tokens.access_token, refresh: tokens.refresh_token };
  }

  async function login(event) {
    event.preventDefault();
    const form = event.target;
    const error = $('login-error');
    error.hidden = true;
    try {
      signedIn(await post('/auth/login', { email: form.email.value, password: form.password.value }));
    } catch (failure) {
      error.textContent = 'Sign-in failed: ' + failure.message;
      error.hidden = false;
      return;
    }
    form.password.value = '';
    filter = form.types.value.trim();
    form.hidden = true;
    $('logout').hidden = false;
    $('events').hidden = false;
    open();
  }

  function open() {
    const query = new URLSearchParams({ access_token: session.access });
    if (filter) {
      query.set('types', filter);
    }
    if (lastEventId) {
      query.set('last_event_id', lastEventId);
    }
    status('Connecting…');
    const feed = new EventSource('/live/events?' + query);
    source = feed;
    feed.onopen = () => {
      retryMs = 0;
      status('Live');
    };
    feed.onerror = () => {
      if (feed.readyState === EventSource.CLOSED) {
        // refused (an access token that expired while the connection was down, a limit):
        // EventSource gives up on an answer other than 200, so the page tries again itself
        renew('the feed was refused');
      } else {
        status('Reconnecting…');
      }
    };
    TYPES.forEach((type) => feed.addEventListener(type, show));
    feed.addEventListener('gap', () => notice('Events were missed: they are older than the server keeps.'));
    feed.addEventListener('end', (message) => {
      const reason = parse(message.data).reason || 'no reason given';
      notice('The feed ended: ' + reason);
      renew(reason);
    });
  }

  function close() {
    if (source) {
      source.close();
      source = null;
    }
    clearTimeout(retryTimer);
  }

  /** A fresh access token, then a new feed from the last event shown; later each time it fails in a row. */
  function renew(reason) {
    close();
    status('Reconnecting (' + reason + ')…');
    const wait = retryMs;
    retryMs = Math.min(MAX_RETRY_MS, Math.max(1000, retryMs * 2));
    retryTimer = setTimeout(async () => {
      if (!session) {
        return;
      }
      try {
        signedIn(await post('/auth/refresh', { refresh_token: session.refresh }));
      } catch (failure) {
        signOut('Signed out: ' + failure.message);
        return;
      }
      open();
    }, wait);
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (malformed) {
      return {};
    }
  }

  function show(message) {
    const event = parse(message.data);
    const id = message.lastEventId || event.id;
    lastEventId = id;
    if (shown.has(id)) {
      return;
    }
    shown.add(id);
    const row = document.createElement('tr');
    row.dataset.id = id;
    row.dataset.type = message.type;
    row.dataset.subject = event.subject || '';
    row.append(cell('time', event.time), cell('type', message.type), cell('subject', event.subject));
    const data = document.createElement('td');
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(event.data, null, 1);
    data.append(pre);
    row.append(data);
    prepend(row);
  }

  function cell(kind, text) {
    const td = document.createElement('td');
    td.className = kind;
    td.textContent = text || '';
    return td;
  }

  function notice(text) {
    const row = document.createElement('tr');
    row.className = 'notice';
    const td = cell('note', new Date().toISOString() + ' ' + text);
    td.colSpan = 4;
    row.append(td);
    prepend(row);
  }

  function prepend(row) {
    const rows = document.querySelector('#events tbody');
    rows.prepend(row);
    while (rows.children.length > MAX_ROWS) {
      const last = rows.lastElementChild;
      shown.delete(last.dataset.id);
      last.remove();
    }
  }

  function signOut(text) {
    close();
    if (session) {
      post('/auth/logout', { refresh_token: session.refresh }).catch(() => {});
    }
    session = null;
    lastEventId = null;
    $('login').hidden = false;
    $('logout').hidden = true;
    status(text);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login').addEventListener('submit', login);
    $('logout').addEventListener('click', () => signOut('Signed out'));
  });
})();
