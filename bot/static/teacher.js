/* Teacher console: conveniences only; every page works without this file.
 * Text from the server is only ever inserted with textContent, never innerHTML. */
(function () {
  'use strict';

  var INBOX_MS = 10000;
  var TITLE = document.title;
  var SEEN_KEY = 'inbox-latest';     // the newest request already announced, in any tab
  var DRAFT_KEY = 'draft:' + location.pathname;

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch (e) { /* private mode: no drafts, no memory of what was announced */ }
  }

  function stored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Narrow the entry list while typing in the search box, without reloading the page.
  var box = document.querySelector('[data-entry-filter]');
  var select = document.querySelector('[data-entry-select]');
  if (box && select) {
    var options = Array.prototype.slice.call(select.options);
    box.addEventListener('input', function () {
      var words = box.value.trim().toLowerCase();
      options.forEach(function (option) {
        option.hidden = words !== '' && option.text.toLowerCase().indexOf(words) < 0;
      });
    });
  }

  // A transcript opens at its newest message, unless a link points at another one.
  var thread = document.querySelector('[data-newest]');
  if (thread && !location.hash && thread.lastElementChild) {
    thread.lastElementChild.scrollIntoView({ block: 'end' });
  }

  // A reply being written is kept in this browser until it has been sent, so a login
  // that expires meanwhile loses nothing.
  var draft = document.querySelector('[data-draft]');
  if (draft) {
    if (draft.hasAttribute('data-draft-sent')) store(DRAFT_KEY, null);
    else if (!draft.value && stored(DRAFT_KEY)) draft.value = stored(DRAFT_KEY);
    draft.addEventListener('input', function () { store(DRAFT_KEY, draft.value || null); });
  }

  /* ------------------------------------------------------------ the live inbox */

  var live = document.querySelector('[data-live]');
  if (!live) return;
  var expired = document.querySelector('[data-expired]');
  var askButton = document.querySelector('[data-notify-ask]');
  var panel = document.querySelector('[data-live-inbox]');
  var timer = 0;

  function canNotify() {
    return typeof Notification === 'function' && Notification.permission === 'granted';
  }

  if (askButton && typeof Notification === 'function' && Notification.permission === 'default') {
    askButton.hidden = false;
    askButton.addEventListener('click', function () {
      // Browsers only ask when a person clicked: hence the button.
      Notification.requestPermission().then(function () { askButton.hidden = true; });
    });
  }

  function showExpired() {
    clearTimeout(timer);
    var link = expired.querySelector('[data-expired-login]');
    link.href = '/teacher/login?expired=1&next=' + encodeURIComponent(location.pathname + location.search);
    expired.hidden = false;
  }

  function announce(data) {
    var seen = parseInt(stored(SEEN_KEY) || '', 10);
    store(SEEN_KEY, String(data.latest));
    // The first look only notes where things are; later, each new request is announced once.
    if (isNaN(seen) || data.latest <= seen || !canNotify()) return;
    var newest = data.items.filter(function (item) { return item.id > seen; });
    var item = newest.length ? newest[newest.length - 1] : null;
    var note = new Notification('有焊工在找老师', {
      body: item ? item.welder + '：' + (item.question || '（没有写问题）') : '点开控制台查看',
      tag: 'inbox-' + data.latest
    });
    note.onclick = function () {
      window.focus();
      location.href = item ? '/teacher/welders/' + item.welder_id + '#reply' : '/teacher/';
    };
  }

  function row(item) {
    var tr = el('tr');
    var who = el('td', 'nowrap');
    var link = el('a', '', item.welder);
    link.href = '/teacher/welders/' + item.welder_id;
    who.appendChild(link);
    if (item.company) {
      who.appendChild(document.createTextNode(' '));
      who.appendChild(el('span', 'muted', item.company));
    }
    tr.appendChild(who);
    var stage = el('td');
    stage.appendChild(item.stage ? el('span', 'badge stage', item.stage) : el('span', 'muted', '—'));
    tr.appendChild(stage);
    var asked = el('td', 'text');
    var clip = el('span', 'clip', item.question || '（没有写问题）');
    clip.title = item.question;
    asked.appendChild(clip);
    tr.appendChild(asked);
    var waited = el('td', 'nowrap', item.waited);
    waited.title = item.since;
    tr.appendChild(waited);
    var act = el('td', 'nowrap');
    var answer = el('a', 'button quiet', '回复');
    answer.href = '/teacher/welders/' + item.welder_id + '#reply';
    act.appendChild(answer);
    tr.appendChild(act);
    return tr;
  }

  function render(data) {
    document.title = (data.waiting ? '(' + data.waiting + ') ' : '') + TITLE;
    if (!panel) return;
    var rows = panel.querySelector('[data-inbox-rows]');
    while (rows.firstChild) rows.removeChild(rows.firstChild);
    data.items.forEach(function (item) { rows.appendChild(row(item)); });
    panel.querySelector('table').hidden = !data.items.length;
    panel.querySelector('[data-inbox-empty]').hidden = !!data.items.length;
    var count = document.querySelector('[data-inbox-count]');
    if (count) count.textContent = String(data.waiting);
    var stat = document.querySelector('[data-inbox-stat]');
    if (stat) stat.classList.toggle('alert', data.waiting > 0);
  }

  function poll() {
    fetch('/teacher/inbox.json', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (res) {
        if (res.redirected && res.url.indexOf('/teacher/login') >= 0) {
          showExpired();
          return null;
        }
        return res.ok ? res.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        render(data);
        announce(data);
        timer = setTimeout(poll, INBOX_MS);
      })
      .catch(function () { timer = setTimeout(poll, INBOX_MS); });
  }

  poll();
})();
