// Dateline back office: progressive enhancements for the admin pages. Loaded with `defer` on every
// admin page; each feature looks for its elements first and does nothing on pages without them, so
// every form also works without JavaScript. The CSP is `script-src 'self'; style-src 'self'`: no
// inline scripts, no style attributes (only CSSOM), and data from the server goes into the page
// through textContent, never innerHTML (the one exception is the preview, which the server
// sanitized).
'use strict';

(() => {
  // ---------------------------------------------------------------- small helpers

  const byId = (id) => document.getElementById(id);

  function debounce(fn, ms) {
    let timer = 0;
    const debounced = (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
    debounced.cancel = () => clearTimeout(timer);
    return debounced;
  }

  // Reads `{"error":"..."}` from a failed JSON response, or describes the status.
  async function errorText(response, fallback) {
    try {
      const data = await response.json();
      if (data && typeof data.error === 'string' && data.error) return data.error;
    } catch {
      // Not JSON: describe the status instead.
    }
    return `${fallback} (HTTP ${response.status})`;
  }

  // Returns a function that GETs JSON and aborts its own previous request, so answers never
  // arrive out of order. It resolves to null when a newer request aborted it.
  function jsonGetter() {
    let controller = null;
    return async (url) => {
      if (controller) controller.abort();
      controller = new AbortController();
      const { signal } = controller;
      try {
        const response = await fetch(url, {
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
          signal,
        });
        if (!response.ok) throw new Error(await errorText(response, 'The request failed'));
        return await response.json();
      } catch (err) {
        if (signal.aborted) return null;
        throw err;
      }
    };
  }

  function withQuery(url, q) {
    return `${url}${url.includes('?') ? '&' : '?'}q=${encodeURIComponent(q)}`;
  }

  // Turns a <dialog> into a modal with close buttons ([data-close]), Escape (native), a click on
  // the backdrop, and Enter in its text fields never submitting a form around it.
  function setupDialog(dialog) {
    if (!dialog || typeof dialog.showModal !== 'function') return false;
    for (const button of dialog.querySelectorAll('[data-close]')) {
      button.addEventListener('click', () => dialog.close());
    }
    dialog.addEventListener('click', (event) => {
      if (event.target !== dialog || event.detail === 0) return;  // keyboard "clicks" have detail 0
      const r = dialog.getBoundingClientRect();
      const inside = event.clientX >= r.left && event.clientX <= r.right &&
          event.clientY >= r.top && event.clientY <= r.bottom;
      if (!inside) dialog.close();
    });
    dialog.addEventListener('keydown', (event) => {
      const t = event.target;
      if (event.key === 'Enter' && t instanceof HTMLInputElement && t.type !== 'file') {
        event.preventDefault();
      }
    });
    return true;
  }

  // Up/Down (and Home/End) move between the buttons of a results list; Up from the first one goes
  // back to the search field.
  function listKeys(list, field) {
    list.addEventListener('keydown', (event) => {
      const buttons = [...list.querySelectorAll('button')];
      const i = buttons.indexOf(document.activeElement);
      if (i < 0) return;
      let next = null;
      const key = event.key;
      if (key === 'ArrowDown' || key === 'ArrowRight') next = buttons[i + 1];
      else if (key === 'ArrowUp' || key === 'ArrowLeft') next = i === 0 ? field : buttons[i - 1];
      else if (key === 'Home') next = buttons[0];
      else if (key === 'End') next = buttons[buttons.length - 1];
      else return;
      event.preventDefault();
      if (next) next.focus();
    });
    field.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowDown') return;
      const first = list.querySelector('button');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    });
  }

  // A search field over a results list: searches 200 ms after typing stops or at once on Enter,
  // marks the list busy meanwhile, and shows a failure inside it. `url(query)` is where to ask (no
  // address: nothing to search, an empty list), `results(data)` the array in the answer, `render`
  // fills the list. Returns the search, to run it by other means too.
  function liveSearch(field, list, { url, results, render, offline }) {
    const get = jsonGetter();  // a newer search cancels the one still running
    const search = async () => {
      const target = url(field.value.trim());
      if (!target) {
        render([]);
        return;
      }
      list.setAttribute('aria-busy', 'true');
      try {
        const data = await get(target);
        if (data) {
          const found = results(data);
          render(Array.isArray(found) ? found : []);
        }
      } catch (err) {
        list.replaceChildren(messageItem(err instanceof TypeError ? offline : err.message));
      } finally {
        list.removeAttribute('aria-busy');
      }
    };
    const searchSoon = debounce(search, 200);
    field.addEventListener('input', searchSoon);
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        searchSoon.cancel();
        search();
      }
    });
    listKeys(list, field);
    return search;
  }

  function messageItem(text) {
    const li = document.createElement('li');
    li.className = 'admin-picker-message';
    li.textContent = text;
    return li;
  }

  // ---------------------------------------------------------------- the article editor

  const form = byId('article-form');
  if (!(form instanceof HTMLFormElement)) return;

  const csrf = () => form.elements.namedItem('csrf')?.value ?? '';
  const urls = {
    autosave: form.dataset.autosaveUrl || '',
    preview: form.dataset.previewUrl || '',
    readMore: form.dataset.readMoreUrl || '',
    tags: form.dataset.tagsUrl || '',
    media: form.dataset.mediaUrl || '',
  };

  const changes = setupChangeTracking();
  const readMore = setupReadMore();
  setupBodyEditor();
  setupTags();
  setupFeaturedImage();
  // The slug needs nothing: left empty, the server derives it from the headline, and whatever
  // the user types there is theirs.

  // ---- a. the Markdown editor (EasyMDE) with a server-rendered preview

  function setupBodyEditor() {
    const textarea = byId('body');
    if (!(textarea instanceof HTMLTextAreaElement) || typeof window.EasyMDE !== 'function') {
      return null;
    }
    const EasyMDE = window.EasyMDE;
    const preview = previewRenderer();
    // The visible text starts each title, which becomes the aria-label: the accessible name must
    // contain the label people see (WCAG 2.5.3).
    const tool = (name, action, text, title, extra = {}) =>
      ({ name, action, text, title, ...extra });
    const toolbar = [
      tool('bold', EasyMDE.toggleBold, 'Bold', 'Bold'),
      tool('italic', EasyMDE.toggleItalic, 'Italic', 'Italic'),
      tool('heading', EasyMDE.toggleHeading2, 'Heading', 'Heading (level 2)'),
      '|',
      tool('quote', EasyMDE.toggleBlockquote, 'Quote', 'Quote'),
      tool('unordered-list', EasyMDE.toggleUnorderedList, 'Bullets', 'Bullets (bulleted list)'),
      tool('ordered-list', EasyMDE.toggleOrderedList, 'Numbers', 'Numbers (numbered list)'),
      tool('link', EasyMDE.drawLink, 'Link', 'Link'),
    ];
    if (readMore) {
      toolbar.push(tool('read-more', () => readMore.open(), 'Read More',
          'Read More: link another article'));
    }
    toolbar.push('|',
        tool('preview', EasyMDE.togglePreview, 'Preview', 'Preview', { noDisable: true }),
        tool('side-by-side', EasyMDE.toggleSideBySide, 'Side by side',
            'Preview side by side', { noDisable: true, noMobile: true }));

    // A hidden textarea cannot show the browser's "please fill in" bubble and would block the
    // submit silently, so the server's validation takes over.
    const required = textarea.required;
    textarea.required = false;

    const mde = new EasyMDE({
      element: textarea,
      autoDownloadFontAwesome: false,  // never fetch an icon font from a CDN
      spellChecker: false,             // its dictionaries come from a CDN too
      nativeSpellcheck: true,
      inputStyle: 'contenteditable',   // what screen readers handle best
      status: false,
      forceSync: true,
      autofocus: false,
      minHeight: '22rem',
      sideBySideFullscreen: false,
      previewClass: ['editor-preview', 'article-body'],
      toolbar,
      toolbarTips: true,
      previewRender: preview,
    });
    const cm = mde.codemirror;

    labelEditor(cm, textarea, required);
    makeToolbarAccessible(mde);
    cm.on('change', () => changes.changed());
    if (readMore) readMore.attach(cm);
    return mde;
  }

  // The editing surface replaces the textarea: give it the textarea's label, description and
  // validity, and make a click on the <label> focus it.
  function labelEditor(cm, textarea, required) {
    const input = cm.getInputField();
    const label = form.querySelector(`label[for="${textarea.id}"]`);
    if (input.getAttribute('contenteditable') === 'true') {
      input.setAttribute('role', 'textbox');
      input.setAttribute('aria-multiline', 'true');
    }
    if (label) {
      if (!label.id) label.id = `${textarea.id}-label`;
      input.setAttribute('aria-labelledby', label.id);
      label.addEventListener('click', (event) => {
        event.preventDefault();
        cm.focus();
      });
    }
    for (const attr of ['aria-describedby', 'aria-invalid']) {
      const value = textarea.getAttribute(attr);
      if (value) input.setAttribute(attr, value);
    }
    if (required) input.setAttribute('aria-required', 'true');
    // The error summary links to #body, which is hidden now: send the reader to the editor.
    const followHash = () => {
      if (location.hash !== `#${textarea.id}`) return;
      cm.getWrapperElement().scrollIntoView({ block: 'center' });
      cm.focus();
    };
    window.addEventListener('hashchange', followHash);
    followHash();
  }

  // EasyMDE takes its buttons out of the tab order; make the toolbar one tab stop with arrow-key
  // navigation (the WAI-ARIA toolbar pattern), hide the separators from screen readers and expose
  // the toggles' state as aria-pressed.
  function makeToolbarAccessible(mde) {
    const bar = mde.toolbar_div || mde.gui?.toolbar;
    if (!bar) return;
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Formatting');
    const input = mde.codemirror.getInputField();
    if (input.id) bar.setAttribute('aria-controls', input.id);
    for (const sep of bar.querySelectorAll('.separator')) sep.setAttribute('aria-hidden', 'true');

    const buttons = [...bar.querySelectorAll('button')];
    if (buttons.length === 0) return;
    buttons.forEach((b, i) => { b.tabIndex = i === 0 ? 0 : -1; });
    const usable = () => buttons.filter((b) => b.offsetParent !== null &&
        b.getAttribute('aria-disabled') !== 'true');
    // While the full preview shows, EasyMDE only greys the formatting buttons out; keep keyboard
    // users from running them on a text they cannot see.
    bar.addEventListener('click', (event) => {
      const b = event.target instanceof Element ? event.target.closest('button') : null;
      if (b && b.getAttribute('aria-disabled') === 'true') {
        event.preventDefault();
        event.stopPropagation();
      }
    }, true);
    bar.addEventListener('keydown', (event) => {
      const list = usable();
      const i = list.indexOf(document.activeElement);
      if (i < 0) return;
      let next = null;
      if (event.key === 'ArrowRight') next = list[(i + 1) % list.length];
      else if (event.key === 'ArrowLeft') next = list[(i - 1 + list.length) % list.length];
      else if (event.key === 'Home') next = list[0];
      else if (event.key === 'End') next = list[list.length - 1];
      else return;
      event.preventDefault();
      for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
      next.focus();
    });
    bar.addEventListener('focusin', (event) => {
      if (!buttons.includes(event.target)) return;
      for (const b of buttons) b.tabIndex = b === event.target ? 0 : -1;
    });

    const toggles = new Set(['bold', 'italic', 'heading', 'quote', 'unordered-list',
      'ordered-list', 'preview', 'side-by-side']);
    const pressed = () => {
      for (const [name, el] of Object.entries(mde.toolbarElements || {})) {
        if (!toggles.has(name)) continue;
        const state = String(el.classList.contains('active'));
        if (el.getAttribute('aria-pressed') !== state) el.setAttribute('aria-pressed', state);
      }
      const off = bar.classList.contains('disabled-for-preview');
      for (const b of buttons) {
        if (off && !b.classList.contains('no-disable')) b.setAttribute('aria-disabled', 'true');
        else b.removeAttribute('aria-disabled');
      }
    };
    pressed();
    new MutationObserver(pressed).observe(bar, {
      attributes: true, attributeFilter: ['class'], subtree: true,
    });
  }

  // EasyMDE calls previewRender(text, element) for the full preview and on every editor update
  // in side-by-side mode; a non-null return becomes the element's innerHTML. The server renders
  // the Markdown exactly as the site will (datelines, Read More cards) and sanitizes it.
  function previewRenderer() {
    const shown = new WeakMap();  // element -> key of the text it shows
    let cache = { key: null, html: '' };
    let seq = 0;
    const placeholder = '<p class="editor-preview-loading">Loading the preview…</p>';

    const request = debounce(async (text, dateline, key, element) => {
      const mine = ++seq;
      element.setAttribute('aria-busy', 'true');
      try {
        const response = await fetch(urls.preview, {
          method: 'POST',
          headers: { 'X-CSRF-Token': csrf() },
          body: new URLSearchParams({ body: text, dateline }),
          credentials: 'same-origin',
        });
        if (!response.ok) throw new Error(await errorText(response, 'The preview failed'));
        const html = await response.text();
        cache = { key, html };
        if (mine !== seq) return;
        element.innerHTML = html;  // sanitized by the server
        shown.set(element, key);
      } catch (err) {
        if (mine !== seq) return;
        const p = document.createElement('p');
        p.className = 'editor-preview-error';
        p.textContent = err instanceof TypeError
          ? 'No preview: the server cannot be reached.'
          : `No preview: ${err.message}`;
        element.replaceChildren(p);
        shown.delete(element);
      } finally {
        if (mine === seq) element.removeAttribute('aria-busy');
      }
    }, 300);

    return (text, element) => {
      if (!urls.preview) return null;
      const dateline = byId('dateline')?.value ?? '';
      const key = `${dateline}\u0000${text}`;
      if (shown.get(element) === key) return null;  // nothing new: keep scroll and images
      if (cache.key === key) {
        request.cancel();
        shown.set(element, key);
        return cache.html;
      }
      request(text, dateline, key, element);
      // Keep the last preview while the next one loads; show a placeholder the first time.
      return shown.has(element) ? null : placeholder;
    };
  }

  // ---- b. Read More: search published articles, insert "Read More: [Title](url)"

  function setupReadMore() {
    const dialog = byId('read-more-dialog');
    const field = byId('read-more-query');
    const list = byId('read-more-results');
    if (!urls.readMore || !field || !list || !setupDialog(dialog)) return null;
    let cm = null;

    const render = (results) => {
      if (results.length === 0) {
        list.replaceChildren(messageItem(field.value.trim()
          ? 'No published article matches.'
          : 'Type to search published articles.'));
        return;
      }
      list.replaceChildren(...results.map((r) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'admin-picker-choice';
        button.append(String(r.title ?? ''), ' ');
        if (r.date) {
          const date = document.createElement('span');
          date.className = 'admin-picker-meta';
          date.textContent = String(r.date);
          button.append(date);
        }
        button.addEventListener('click', () => choose(String(r.title ?? ''), String(r.url ?? '')));
        li.append(button);
        return li;
      }));
    };

    const search = liveSearch(field, list, {
      url: (q) => (q ? withQuery(urls.readMore, q) : null),
      results: (data) => data.results,
      render,
      offline: 'The search failed: the server cannot be reached.',
    });
    dialog.addEventListener('close', () => {
      if (cm) cm.focus();
    });

    function choose(title, url) {
      if (cm && url) {
        insertParagraph(cm, `Read More: [${escapeLinkText(title)}](${escapeUrl(url)})`);
      }
      dialog.close();
      field.value = '';  // the next link starts a new search
      render([]);
    }

    return {
      attach(codemirror) { cm = codemirror; },
      open() {
        if (dialog.open) return;
        dialog.showModal();
        field.select();
        field.focus();
        search();
      },
    };
  }

  // Backslash-escapes what would end the link text early; one line.
  function escapeLinkText(text) {
    return text.replace(/[\\[\]]/g, '\\$&').replace(/\s+/g, ' ').trim();
  }

  // Percent-encodes what would end a Markdown link destination early.
  function escapeUrl(url) {
    const hex = (c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
    return url.replace(/[()<>\s]/g, (c) => `%${hex(c)}`);
  }

  // Inserts `text` at the cursor as a paragraph of its own: blank lines before and after unless
  // they are already there.
  function insertParagraph(cm, text) {
    const doc = cm.getDoc();
    // A new paragraph never splits a line (or the bold or link the cursor sits in): it goes after
    // the line the cursor is on.
    const cursorLine = doc.getCursor('to').line;
    const at = { line: cursorLine, ch: doc.getLine(cursorLine).length };
    const line = doc.getLine(at.line);
    const before = line.slice(0, at.ch);
    const after = line.slice(at.ch);
    const blank = (n) => n < doc.firstLine() || n > doc.lastLine() || doc.getLine(n).trim() === '';
    let lead = '';
    if (before.trim() !== '') lead = '\n\n';
    else if (!blank(at.line - 1)) lead = '\n';
    let trail = '';
    if (after.trim() !== '') trail = '\n\n';
    else if (!blank(at.line + 1)) trail = '\n';
    // After blank space only, replace that space: the new paragraph starts the line.
    const start = before.trim() === '' ? { line: at.line, ch: 0 } : at;
    doc.replaceRange(lead + text + trail, start, at);
    const end = { line: start.line + (lead.match(/\n/g) || []).length, ch: text.length };
    doc.setCursor(end);
    cm.focus();
  }

  // ---- c. tag suggestions for the last tag being typed

  function setupTags() {
    const input = byId('tags');
    const datalist = byId('tag-suggestions');
    if (!urls.tags || !(input instanceof HTMLInputElement) || !datalist) return;
    const get = jsonGetter();
    const suggest = debounce(async () => {
      const value = input.value;
      const comma = value.lastIndexOf(',');
      const prefix = comma < 0 ? '' : `${value.slice(0, comma + 1).trimEnd()} `;
      const fragment = value.slice(comma + 1).trim();
      if (!fragment) {
        datalist.replaceChildren();
        return;
      }
      const taken = new Set(value.slice(0, comma + 1).split(',')
        .map((t) => t.trim().toLowerCase()).filter(Boolean));
      try {
        const data = await get(withQuery(urls.tags, fragment));
        if (!data) return;
        const tags = Array.isArray(data.tags) ? data.tags : [];
        datalist.replaceChildren(...tags
          .filter((t) => typeof t === 'string' && !taken.has(t.toLowerCase()))
          .map((t) => {
            const option = document.createElement('option');
            option.value = prefix + t;  // the whole list, so picking one completes it
            return option;
          }));
      } catch {
        datalist.replaceChildren();  // suggestions are a convenience; typing still works
      }
    }, 150);
    input.addEventListener('input', (event) => {
      // Picking a suggestion fires an input event without an inputType: nothing more to suggest.
      if (!event.inputType || event.inputType === 'insertReplacementText') {
        datalist.replaceChildren();
        return;
      }
      suggest();
    });
  }

  // ---- e. featured image: pick from the media library or upload

  function setupFeaturedImage() {
    const pick = byId('image-pick');
    const clear = byId('image-clear');
    const id = byId('image-media-id');
    const preview = byId('image-preview');
    const alt = byId('image-alt');
    const caption = byId('image-caption');
    const dialog = byId('media-dialog');
    const field = byId('media-query');
    const list = byId('media-results');
    if (!id || !preview) return;

    const showClear = () => {
      if (clear) clear.hidden = !id.value;
    };
    showClear();
    clear?.addEventListener('click', () => {
      id.value = '';
      preview.hidden = true;
      preview.removeAttribute('src');
      showClear();
      changes.changed();
      pick?.focus();
    });

    if (!pick || !urls.media || !field || !list || !setupDialog(dialog)) return;
    const listUrl = `${urls.media.replace(/\/$/, '')}.json`;

    const choose = (item) => {
      if (item == null || item.id == null) return;
      id.value = String(item.id);
      if (item.thumb) {
        preview.src = String(item.thumb);
        preview.hidden = false;
      }
      if (alt && !alt.value.trim() && item.alt) alt.value = String(item.alt);
      if (caption && !caption.value.trim() && item.caption) caption.value = String(item.caption);
      showClear();
      changes.changed();
      dialog.close();
    };

    const render = (items) => {
      if (items.length === 0) {
        list.replaceChildren(messageItem(field.value.trim()
          ? 'No image matches.'
          : 'The media library is empty.'));
        return;
      }
      list.replaceChildren(...items.map((item) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'admin-media-choice';
        const img = document.createElement('img');
        img.src = String(item.thumb ?? '');
        img.alt = String(item.alt ?? '');
        img.loading = 'lazy';
        img.decoding = 'async';
        const name = document.createElement('span');
        name.className = 'admin-picker-meta';
        name.textContent = String(item.name ?? item.alt ?? `Image ${item.id}`);
        button.append(img, name);
        if (String(item.id) === id.value) button.setAttribute('aria-current', 'true');
        button.addEventListener('click', () => choose(item));
        li.append(button);
        return li;
      }));
    };

    const search = liveSearch(field, list, {
      url: (q) => withQuery(listUrl, q),
      results: (data) => data.items,
      render,
      offline: 'The media library cannot be reached.',
    });
    pick.addEventListener('click', () => {
      if (dialog.open) return;
      dialog.showModal();
      field.focus();
      search();
    });
    dialog.addEventListener('close', () => pick.focus());
    setupUpload(dialog, choose);
  }

  function setupUpload(dialog, choose) {
    const file = byId('media-file');
    const alt = byId('media-alt');
    const caption = byId('media-caption');
    const upload = byId('media-upload');
    const error = byId('media-error');
    if (!(file instanceof HTMLInputElement) || !upload || !error) return;
    const accepted = (file.accept || '').split(',').map((t) => t.trim()).filter(Boolean);
    const label = upload.textContent;

    upload.addEventListener('click', async () => {
      error.textContent = '';
      const chosen = file.files && file.files[0];
      if (!chosen) {
        error.textContent = 'Choose an image file to upload.';
        file.focus();
        return;
      }
      if (accepted.length && !accepted.includes(chosen.type)) {
        error.textContent = 'Upload a JPEG, PNG, WebP or GIF image.';
        file.focus();
        return;
      }
      const body = new FormData();
      body.append('csrf', csrf());
      body.append('file', chosen);
      body.append('alt', alt?.value ?? '');
      body.append('caption', caption?.value ?? '');
      upload.disabled = true;
      upload.textContent = 'Uploading…';
      try {
        const response = await fetch(urls.media, {
          method: 'POST',
          headers: { 'X-CSRF-Token': csrf(), Accept: 'application/json' },
          body,
          credentials: 'same-origin',
        });
        if (!response.ok) {
          error.textContent = await errorText(response, 'The upload failed');
          return;
        }
        const item = await response.json();
        file.value = '';
        if (alt) alt.value = '';
        if (caption) caption.value = '';
        choose(item);
      } catch (err) {
        error.textContent = err instanceof TypeError
          ? 'The upload failed: the server cannot be reached.' : 'The upload failed.';
      } finally {
        upload.disabled = false;
        upload.textContent = label;
      }
    });
    dialog.addEventListener('close', () => { error.textContent = ''; });
  }

  // ---- d. unsaved changes: autosave drafts, warn before leaving

  function setupChangeTracking() {
    const status = byId('autosave-status');
    const version = byId('article-version');
    const idleMs = 10_000;    // save once the writer pauses this long...
    const maxWaitMs = 60_000; // ...or at the latest this long after the first unsaved change
    const retryMs = 30_000;
    let edits = 0;           // counts changes; a save covers those made before it started
    let savedEdits = 0;
    let firstUnsaved = 0;
    let timer = 0;
    let saving = null;       // the in-flight autosave, a Promise
    let stopped = !urls.autosave;  // new and live articles are saved by hand only
    let submitting = false;
    let pendingSubmit = null;

    const dirty = () => edits !== savedEdits;
    const say = (text, kind = '') => {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle('is-error', kind === 'error');
    };
    const schedule = (ms) => {
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(save, ms);
    };

    function changed() {
      edits += 1;
      if (stopped || submitting) return;
      const now = Date.now();
      if (!firstUnsaved) firstUnsaved = now;
      schedule(Math.max(0, Math.min(idleMs, firstUnsaved + maxWaitMs - now)));
    }

    async function save() {
      if (stopped || submitting || !dirty()) return;
      if (saving) {
        schedule(idleMs);
        return;
      }
      const covered = edits;
      const body = new URLSearchParams(new FormData(form));
      body.delete('action');
      saving = (async () => {
        let response;
        try {
          response = await fetch(urls.autosave, {
            method: 'POST',
            headers: { 'X-CSRF-Token': csrf(), Accept: 'application/json' },
            body,
            credentials: 'same-origin',
          });
        } catch {
          say('Not saved: offline', 'error');
          schedule(retryMs);
          saving = null;
          return;
        }
        try {
          if (response.ok) {
            const data = await response.json();
            if (version && data.version != null) version.value = String(data.version);
            savedEdits = covered;
            firstUnsaved = dirty() ? Date.now() : 0;
            say(data.saved_at ? `Draft saved at ${data.saved_at}` : 'Draft saved');
            if (dirty()) schedule(idleMs);
          } else if (response.status >= 500) {
            say(await errorText(response, 'Not saved: the server failed'), 'error');
            schedule(retryMs);
          } else {
            // 409 (someone else saved, or the article went live), 422 (invalid), 403...:
            // saving again cannot help, the writer has to act.
            say(await errorText(response, 'Not saved'), 'error');
            stopped = true;
            clearTimeout(timer);
          }
        } catch {
          say('Not saved: the server sent an unexpected answer', 'error');
          schedule(retryMs);
        } finally {
          saving = null;
        }
      })();
      await saving;
      if (pendingSubmit) {
        const submitter = pendingSubmit.submitter;
        pendingSubmit = null;
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      }
    }

    form.addEventListener('input', (event) => {
      // The dialogs' fields are not part of the article.
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      changed();
    });
    form.addEventListener('change', (event) => {
      if (event.target instanceof HTMLSelectElement) changed();
    });
    form.addEventListener('submit', (event) => {
      if (saving) {
        // Let the autosave finish first: it moves the version the submit must carry.
        event.preventDefault();
        pendingSubmit = { submitter: event.submitter };
        return;
      }
      submitting = true;
      clearTimeout(timer);
    });
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) submitting = false;  // back from the next page via the cache
    });
    window.addEventListener('online', () => {
      if (dirty() && !stopped) schedule(1000);
    });
    window.addEventListener('beforeunload', (event) => {
      if (!dirty() || submitting) return;
      event.preventDefault();
      event.returnValue = '';  // older browsers want this to show the prompt
    });

    return { changed };
  }
})();
