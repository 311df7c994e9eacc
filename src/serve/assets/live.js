// pamphlet serve: reloads this page after a good rebuild that changed it
// (the `reload` event names the pages that changed, or none for "any"), and
// shows the build's errors over it while the site has them. Served by `pamphlet serve`
// only (never part of a built site), as a file of its own so the page's
// Content-Security-Policy holds. Builds the overlay with textContent only.
(() => {
  'use strict';
  const script = document.currentScript;
  const pageVersion = script ? new URL(script.src, location.href).searchParams.get('v') : null;
  const OVERLAY_ID = 'pamphlet-overlay';
  // This page's file in the site, as the server names it (`articles/a/index.html`).
  const pageFile = (() => {
    let path = location.pathname;
    try {
      path = decodeURIComponent(path);
    } catch {
      // Keep the path as it is.
    }
    path = path.replace(/^\/+/, '');
    return path === '' || path.endsWith('/') ? `${path}index.html` : path;
  })();
  let hidden = false; // the reader hid the overlay until the next change
  let returnFocus = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function hide() {
    const old = document.getElementById(OVERLAY_ID);
    if (!old) return;
    old.remove();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  }

  function show(errors) {
    if (hidden) return;
    const key = JSON.stringify(errors);
    const old = document.getElementById(OVERLAY_ID);
    if (old && old.dataset.key === key) return;
    if (old) old.remove();
    else returnFocus = document.activeElement;

    const overlay = el('div', 'pamphlet-overlay');
    overlay.id = OVERLAY_ID;
    overlay.dataset.key = key;
    overlay.setAttribute('role', 'alertdialog');
    overlay.setAttribute('aria-labelledby', 'pamphlet-overlay-title');
    overlay.setAttribute('aria-describedby', 'pamphlet-overlay-intro');
    overlay.tabIndex = -1;

    const box = el('div', 'pamphlet-overlay__box');
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    const title = el('h2', 'pamphlet-overlay__title', `The site could not be rebuilt: ${count}`);
    title.id = 'pamphlet-overlay-title';
    box.append(title);
    const intro = el(
      'p',
      'pamphlet-overlay__intro',
      'This preview still shows the last good version of the page. Fix the problems below and save the file: this message goes away by itself.',
    );
    intro.id = 'pamphlet-overlay-intro';
    box.append(intro);

    const list = el('ol', 'pamphlet-overlay__list');
    for (const error of errors) {
      const item = el('li', 'pamphlet-overlay__item');
      const where = el('p', 'pamphlet-overlay__where');
      where.append(el('span', 'pamphlet-overlay__severity', error.severity === 'warning' ? 'Warning' : 'Error'), ' in ');
      where.append(el('code', 'pamphlet-overlay__file', error.location || error.file));
      if (error.line) where.append(el('span', 'pamphlet-overlay__line', ` (line ${error.line})`));
      item.append(where);
      item.append(el('p', 'pamphlet-overlay__message', error.message));
      if (error.source_line !== null && error.source_line !== undefined && error.line) {
        item.append(el('pre', 'pamphlet-overlay__source', `${error.line} | ${error.source_line}`));
      }
      if (error.hint) item.append(el('p', 'pamphlet-overlay__hint', `How to fix it: ${error.hint}`));
      list.append(item);
    }
    box.append(list);

    const close = el('button', 'pamphlet-overlay__close', 'Hide until the next change');
    close.type = 'button';
    close.addEventListener('click', () => {
      hidden = true;
      hide();
    });
    box.append(close);
    overlay.append(box);
    overlay.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') close.click();
    });
    document.body.append(overlay);
    overlay.focus();
  }

  function apply(state, kind) {
    // Tells tests (and the curious) that the page is listening.
    document.documentElement.dataset.pamphletLive = 'connected';
    if (state.built && pageVersion !== null) {
      // After a rebuild: reload if it changed this page (or may have).
      const changed = kind === 'reload' && (!Array.isArray(state.pages) || state.pages.includes(pageFile));
      // On connecting: reload if this page is older than the server's copy.
      const current = state.page_version === undefined ? state.version : state.page_version;
      const stale = kind === 'state' && current !== pageVersion;
      if (changed || stale) {
        location.reload();
        return;
      }
    }
    // Each failed rebuild (a new save) shows the overlay again.
    if (kind === 'errors') hidden = false;
    if (state.errors && state.errors.length > 0) {
      show(state.errors);
    } else {
      hidden = false;
      hide();
    }
  }

  function listen() {
    const source = new EventSource(`/__pamphlet/events?page=${encodeURIComponent(location.pathname)}`);
    for (const kind of ['state', 'reload', 'errors']) {
      source.addEventListener(kind, (event) => {
        let state;
        try {
          state = JSON.parse(event.data);
        } catch {
          return;
        }
        apply(state, kind);
      });
    }
    // EventSource reconnects by itself when the server restarts; its first
    // `state` event then tells whether this page is out of date.
  }

  if (document.body) listen();
  else document.addEventListener('DOMContentLoaded', listen);
})();
