/* 焊工证网上申请助手 — chat page.
 * Plain ES2017 for Android WebView / Chrome >= 70 (no `?.`, no `??`, no class fields).
 * Text from the server or the welder is only ever inserted with textContent /
 * createTextNode; never innerHTML.
 */
(function () {
  'use strict';

  var POLL_MS = 3000;
  var TIME_GAP_MS = 5 * 60 * 1000;
  var MIN_TYPING_MS = 400;          // show the dots at least this long: feels less abrupt
  var REQUEST_TIMEOUT_MS = 45000;
  var MAX_TEXT = 1000;              // the server's limit (413 above it)
  var COUNT_FROM = 900;             // show the counter from here on
  var NET_ERROR = '网络不太好，请稍后再试';
  var ROLES = { welder: 1, bot: 1, teacher: 1 };
  var AVATAR = { bot: '助', teacher: '师', welder: '我' };

  var list = document.getElementById('messages');
  var form = document.getElementById('composer');
  var input = document.getElementById('input');
  var sendBtn = document.getElementById('send');
  var newPill = document.getElementById('new-pill');
  var counter = document.getElementById('counter');
  var strip = document.getElementById('strip');

  var state = {
    loaded: false,       // initial history rendered
    early: [],           // texts sent before the history arrived
    queue: [],           // pending sends, processed in order
    busy: false,         // a POST /api/chat is in flight (or queued)
    epoch: 0,            // bumped around every POST: polls overlapping one are discarded
    cursor: 0,           // highest id fetched through /api/history
    shown: new Set(),    // ids of messages on screen
    lastTime: null,      // ms timestamp of the previous message (for time labels)
    chips: null,         // the quick-reply row (only one, under the latest bot message)
    typing: null,        // the typing indicator row
    pollTimer: 0,
    polling: false,
    stick: true,         // list is scrolled to the bottom
    stage: strip.getAttribute('data-stage'),
    checklist: [],       // preparation items the welder has ready
    loadTries: 0,
    loadError: null
  };

  /* ------------------------------------------------------------------ helpers */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function pad2(n) { return (n < 10 ? '0' : '') + n; }

  function parseTime(value) {
    if (value === undefined || value === null || value === '') return NaN;
    if (typeof value === 'number') return value;
    return Date.parse(String(value));
  }

  function formatTime(ms) {
    var d = new Date(ms);
    var now = new Date();
    var hm = pad2(d.getHours()) + ':' + pad2(d.getMinutes());
    if (d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() &&
        d.getDate() === now.getDate()) {
      return hm;
    }
    var md = (d.getMonth() + 1) + '月' + d.getDate() + '日 ' + hm;
    return d.getFullYear() === now.getFullYear() ? md : d.getFullYear() + '年' + md;
  }

  /* fetch JSON; resolves {ok, status, data}; rejects only on network failure / timeout */
  function api(method, url, body) {
    var opts = {
      method: method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Accept': 'application/json' }
    };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    var timer = 0;
    if (typeof AbortController === 'function') {
      var ctrl = new AbortController();
      opts.signal = ctrl.signal;
      timer = setTimeout(function () { ctrl.abort(); }, REQUEST_TIMEOUT_MS);
    }
    return fetch(url, opts).then(function (res) {
      return res.text().then(function (raw) {
        var data = null;
        try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = null; }
        return { ok: res.ok, status: res.status, data: data };
      });
    }).then(function (result) {
      clearTimeout(timer);
      return result;
    }, function (err) {
      clearTimeout(timer);
      throw err;
    });
  }

  function errorText(result) {
    if (result.data && typeof result.data.error === 'string' && result.data.error) {
      return result.data.error;
    }
    if (result.status === 429) return '发得太快了，请稍等一下再发';
    if (result.status === 413) return '内容太长了，请分几次发送';
    if (result.status >= 500) return '系统开小差了，请稍后再试';
    return '出错了，请稍后再试';
  }

  /* ---------------------------------------------------------------- scrolling */

  function nearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  function scrollToBottom() {
    list.scrollTop = list.scrollHeight;
    state.stick = true;
    newPill.hidden = true;
  }

  list.addEventListener('scroll', function () {
    state.stick = nearBottom();
    if (state.stick) newPill.hidden = true;
  }, { passive: true });

  newPill.addEventListener('click', scrollToBottom);

  function keepBottom() {
    if (state.stick) list.scrollTop = list.scrollHeight;
  }
  // keyboard opening / closing, rotation, textarea growing
  window.addEventListener('resize', keepBottom);
  if (window.visualViewport) window.visualViewport.addEventListener('resize', keepBottom);
  if (typeof ResizeObserver === 'function') new ResizeObserver(keepBottom).observe(list);

  /* ---------------------------------------------------------------- rendering */

  // Everything goes above the typing indicator, which always stays last.
  function appendNode(node) {
    if (state.typing && state.typing.parentNode === list) list.insertBefore(node, state.typing);
    else list.appendChild(node);
  }

  function maybeTimeLabel(ms) {
    if (isNaN(ms)) return;
    if (state.lastTime === null || ms - state.lastTime > TIME_GAP_MS) {
      appendNode(el('div', 'time', formatTime(ms)));
    }
    state.lastTime = ms;
  }

  var URL_RE = /https?:\/\/[^\s<>"'\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018\u2019\u201c\u201d]+/g;
  var TRAILING_PUNCT = /[.,;:!?)\]}]+$/;

  // Text with clickable http(s) links; everything else stays plain text nodes.
  function fillText(node, text, linkify) {
    text = String(text);
    if (!linkify) { node.textContent = text; return; }
    var last = 0;
    var match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text)) !== null) {
      var url = match[0];
      var trail = url.match(TRAILING_PUNCT);
      if (trail) url = url.slice(0, url.length - trail[0].length);
      if (!/^https?:\/\/[^/]/i.test(url)) continue;
      if (match.index > last) node.appendChild(document.createTextNode(text.slice(last, match.index)));
      var a = document.createElement('a');
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = url;
      node.appendChild(a);
      last = match.index + url.length;
      URL_RE.lastIndex = last;
    }
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
  }

  function buildRow(role) {
    var row = el('div', 'row row--' + role);
    var avatar = el('div', 'avatar avatar--' + role, AVATAR[role]);
    avatar.setAttribute('aria-hidden', 'true');
    var body = el('div', 'body');
    row.appendChild(avatar);
    row.appendChild(body);
    return { row: row, body: body };
  }

  /* msg: {role, text, id, time(ms|ISO), answerId, helpful, kind, after}; returns {row, bubble} or
     null if already shown. `after`: the row to put it right after (a reply to that message). */
  function addMessage(msg) {
    var role = ROLES[msg.role] ? msg.role : 'bot';
    var id = typeof msg.id === 'number' ? msg.id : null;
    if (id !== null) {
      if (state.shown.has(id)) return null;
      state.shown.add(id);
    }
    if (!msg.after) maybeTimeLabel(parseTime(msg.time));

    var parts = buildRow(role);
    if (role === 'teacher') {
      parts.body.appendChild(el('div', 'name', msg.kind === 'notice' ? '老师的通知' : '老师'));
    }
    var bubble = el('div', 'bubble');
    bubble.setAttribute('data-testid', 'msg');
    bubble.setAttribute('data-role', role);
    if (id !== null) bubble.setAttribute('data-id', String(id));
    if (msg.answerId) bubble.setAttribute('data-answer-id', String(msg.answerId));
    fillText(bubble, msg.text === undefined || msg.text === null ? '' : msg.text, role !== 'welder');
    parts.body.appendChild(bubble);
    if (role === 'bot' && id !== null && msg.answerId) {
      parts.body.appendChild(votes(id, msg.helpful));
    }

    var label = role === 'teacher' ? '老师说' : role === 'bot' ? '助手说' : '我说';
    parts.row.setAttribute('aria-label', label);
    if (msg.after && msg.after.parentNode === list) list.insertBefore(parts.row, msg.after.nextSibling);
    else appendNode(parts.row);
    return { row: parts.row, bubble: bubble };
  }

  /* 有用 / 没用 under a bot answer; `helpful` is the vote already given (true/false/null) */
  function votes(messageId, helpful) {
    var wrap = el('div', 'votes');
    wrap.setAttribute('data-testid', 'votes');
    [[true, '有用'], [false, '没用']].forEach(function (pair) {
      var btn = el('button', 'vote', pair[1]);
      btn.type = 'button';
      btn.setAttribute('data-testid', pair[0] ? 'vote-up' : 'vote-down');
      btn.setAttribute('aria-pressed', helpful === pair[0] ? 'true' : 'false');
      btn.addEventListener('click', function () { vote(wrap, messageId, pair[0]); });
      wrap.appendChild(btn);
    });
    if (helpful === true || helpful === false) wrap.classList.add('is-voted');
    return wrap;
  }

  function vote(wrap, messageId, helpful) {
    if (wrap.classList.contains('is-voted')) return;
    wrap.classList.add('is-voted');
    Array.prototype.forEach.call(wrap.children, function (btn, i) {
      btn.setAttribute('aria-pressed', (i === 0) === helpful ? 'true' : 'false');
    });
    api('POST', '/api/feedback', { message_id: messageId, helpful: helpful }).then(function (result) {
      if (!result.ok) {
        wrap.classList.remove('is-voted');
        systemLine(errorText(result));
        return;
      }
      if (result.data && result.data.offer_id) schedulePoll(0);   // the bot's offer of help
    }, function () {
      wrap.classList.remove('is-voted');
      systemLine(NET_ERROR);
    });
  }

  function systemLine(text, actionText, onAction) {
    var line = el('div', 'sys', text);
    line.setAttribute('data-testid', 'system');
    if (actionText) {
      var btn = el('button', 'sys-action', actionText);
      btn.type = 'button';
      btn.addEventListener('click', onAction);
      line.appendChild(btn);
    }
    appendNode(line);
    return line;
  }

  function clearChips() {
    if (state.chips && state.chips.parentNode) state.chips.parentNode.removeChild(state.chips);
    state.chips = null;
  }

  function setChips(afterRow, replies) {
    clearChips();
    if (!afterRow || !Array.isArray(replies)) return;
    var texts = replies.filter(function (t) { return typeof t === 'string' && t.trim(); });
    if (!texts.length) return;
    var wrap = el('div', 'chips');
    wrap.setAttribute('role', 'group');
    wrap.setAttribute('aria-label', '您可能想问');
    texts.forEach(function (text) {
      var chip = el('button', 'chip', text);
      chip.type = 'button';
      chip.setAttribute('data-testid', 'chip');
      chip.addEventListener('click', function () { submit(text); });
      wrap.appendChild(chip);
    });
    if (afterRow.parentNode === list) list.insertBefore(wrap, afterRow.nextSibling);
    else appendNode(wrap);
    state.chips = wrap;
  }

  function showTyping() {
    if (state.typing) return;
    var parts = buildRow('bot');
    parts.row.classList.add('row--typing');
    var bubble = el('div', 'bubble');
    bubble.setAttribute('data-testid', 'typing');
    bubble.setAttribute('role', 'status');
    bubble.setAttribute('aria-label', '助手正在输入');
    var dots = el('div', 'typing-dots');
    dots.appendChild(el('span'));
    dots.appendChild(el('span'));
    dots.appendChild(el('span'));
    bubble.appendChild(dots);
    parts.body.appendChild(bubble);
    list.appendChild(parts.row);
    state.typing = parts.row;
    if (state.stick) scrollToBottom();
  }

  function hideTyping() {
    if (state.typing && state.typing.parentNode) state.typing.parentNode.removeChild(state.typing);
    state.typing = null;
  }

  /* -------------------------------------------------------------------- sending */

  function submit(raw, clientId) {
    var text = String(raw || '').trim();
    if (!text) return false;
    if (text.length > MAX_TEXT) return false;   // refused, never cut (see showCount)
    if (!state.loaded) {
      state.early.push(text);
      return true;
    }
    enqueue(text, clientId);
    return true;
  }

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  function enqueue(text, clientId) {
    clearChips();
    var m = addMessage({ role: 'welder', text: text, time: Date.now() });
    m.row.classList.add('is-pending');
    state.queue.push({ text: text, row: m.row, bubble: m.bubble, clientId: clientId || newClientId() });
    scrollToBottom();
    pump();
  }

  function pump() {
    if (state.busy) return;
    state.busy = true;
    state.epoch++;
    (function next() {
      var job = state.queue.shift();
      if (!job) {
        state.busy = false;
        state.epoch++;
        hideTyping();
        schedulePoll(0);           // pick up anything (e.g. a teacher reply) that came meanwhile
        return;
      }
      sendOne(job).then(next, next);
    })();
  }

  function markFailed(job, sysLine) {
    job.row.classList.remove('is-pending');
    job.row.classList.add('is-failed');
    var btn = el('button', 'fail');
    btn.type = 'button';
    btn.setAttribute('data-testid', 'resend');
    btn.setAttribute('aria-label', '发送失败，点击重发');
    var icon = el('span', 'fail-icon', '!');
    icon.setAttribute('aria-hidden', 'true');
    btn.appendChild(icon);
    btn.appendChild(document.createTextNode('重发'));
    btn.addEventListener('click', function () {
      if (job.row.parentNode) job.row.parentNode.removeChild(job.row);
      if (sysLine && sysLine.parentNode) sysLine.parentNode.removeChild(sysLine);
      submit(job.text, job.clientId);   // the same id: stored and answered once
    });
    job.row.appendChild(btn);   // row is row-reverse: the button shows left of the bubble
  }

  // The one place that builds the body of a chat request.
  // client_id: the same for a resend, so the server stores and answers the message once.
  function chatBody(job) {
    return { text: job.text, client_id: job.clientId };
  }

  function sendOne(job) {
    showTyping();
    var started = Date.now();
    state.epoch++;
    return api('POST', '/api/chat', chatBody(job)).then(function (result) {
      return sleep(Math.max(0, MIN_TYPING_MS - (Date.now() - started))).then(function () { return result; });
    }).then(function (result) {
      state.epoch++;
      hideTyping();
      var data = result.data;
      if (result.ok && data && typeof data.reply === 'string') {
        job.row.classList.remove('is-pending');
        var botId = typeof data.message_id === 'number' ? data.message_id : null;
        var welderId = typeof data.welder_id === 'number' ? data.welder_id
          : (botId !== null ? botId - 1 : null);
        if (welderId !== null) {
          state.shown.add(welderId);
          job.bubble.setAttribute('data-id', String(welderId));
        }
        // Right under its question, above messages sent meanwhile: the order a reload shows.
        var m = addMessage({ role: 'bot', text: data.reply, id: botId, time: Date.now(),
                             answerId: data.answer_id, after: job.row });
        if (m && !state.queue.length) setChips(m.row, data.quick_replies);
        setStage(data.stage);
        scrollToBottom();   // the welder is waiting for this answer
        return;
      }
      if (!result.ok) {
        var line = systemLine(errorText(result));
        // worth trying again later: too fast, or the server had a problem
        if (result.status === 429 || result.status >= 500) markFailed(job, line);
        else job.row.classList.remove('is-pending');
      } else {
        markFailed(job, systemLine('系统开小差了，请稍后再试'));
      }
      scrollToBottom();
    }, function () {
      state.epoch++;
      hideTyping();
      markFailed(job, systemLine(NET_ERROR));
      scrollToBottom();
    });
  }

  /* ------------------------------------------------------------------ composer */

  function autoGrow() {
    input.style.height = 'auto';
    var max = 106;
    var h = Math.min(input.scrollHeight, max);
    input.style.height = Math.max(h, 40) + 'px';
    input.style.overflowY = input.scrollHeight > max ? 'auto' : 'hidden';
    sendBtn.classList.toggle('is-empty', !input.value.trim());
    showCount(false);
  }

  // The counter appears near the limit; over it, sending is refused and says why.
  function showCount(refused) {
    var length = input.value.trim().length;
    var over = length > MAX_TEXT;
    counter.hidden = length < COUNT_FROM;
    counter.textContent = length + '/' + MAX_TEXT + (over ? ' 太长了，请删短或分几次发' : '');
    counter.classList.toggle('is-over', over);
    counter.classList.toggle('is-shake', !!refused);
  }

  function sendFromInput() {
    if (input.value.trim().length > MAX_TEXT) {
      showCount(true);
      return;
    }
    if (submit(input.value)) {
      input.value = '';
      autoGrow();
    }
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    sendFromInput();
  });

  // Keep the keyboard open when tapping 发送 (the textarea keeps focus).
  sendBtn.addEventListener('mousedown', function (e) {
    if (document.activeElement === input) e.preventDefault();
  });

  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      sendFromInput();
    }
  });

  // Some Android keyboards send no usable keydown for Enter: catch the line break itself.
  input.addEventListener('beforeinput', function (e) {
    if ((e.inputType === 'insertLineBreak' || e.inputType === 'insertParagraph') && !e.isComposing) {
      e.preventDefault();
      sendFromInput();
    }
  });

  input.addEventListener('input', autoGrow);

  /* ---------------------------------------------------------- history & polling */

  function normalizeMessages(messages) {
    if (!Array.isArray(messages)) return [];
    return messages.filter(function (m) {
      return m && typeof m === 'object' && typeof m.text === 'string';
    }).sort(function (a, b) {
      return (typeof a.id === 'number' ? a.id : 0) - (typeof b.id === 'number' ? b.id : 0);
    });
  }

  function fromServer(msg) {
    return { role: msg.role, text: msg.text, id: msg.id, time: msg.time,
             answerId: msg.answer_id, helpful: msg.helpful, kind: msg.kind };
  }

  function noteCursor(messages) {
    messages.forEach(function (m) {
      if (typeof m.id === 'number' && m.id > state.cursor) state.cursor = m.id;
    });
  }

  function renderHistory(data) {
    var messages = normalizeMessages(data && data.messages);
    var welcome = data && data.welcome && typeof data.welcome.text === 'string' ? data.welcome : null;
    var rendered = [];   // [{role, row, replies}]

    // The welcome greeting always opens the conversation (so a reload shows the same
    // bubbles as before), unless the server already stored it as the first message.
    if (welcome && welcome.text &&
        !(messages.length && messages[0].role === 'bot' && messages[0].text === welcome.text)) {
      var w = addMessage({ role: 'bot', text: welcome.text });
      w.bubble.setAttribute('data-welcome', '1');
      rendered.push({ role: 'bot', row: w.row, replies: welcome.quick_replies });
    }
    messages.forEach(function (msg) {
      var m = addMessage(fromServer(msg));
      if (m) rendered.push({ role: ROLES[msg.role] ? msg.role : 'bot', row: m.row, replies: msg.quick_replies });
    });
    noteCursor(messages);

    // quick replies of the latest bot message, unless the welder already wrote after it
    for (var i = rendered.length - 1; i >= 0; i--) {
      if (rendered[i].role === 'welder') break;
      if (rendered[i].role === 'bot') { setChips(rendered[i].row, rendered[i].replies); break; }
    }
    scrollToBottom();
  }

  function loadHistory() {
    return api('GET', '/api/history').then(function (result) {
      if (!result.ok || !result.data) throw new Error('history ' + result.status);
      if (state.loadError && state.loadError.parentNode) state.loadError.parentNode.removeChild(state.loadError);
      state.loadError = null;
      renderHistory(result.data);
      setStage(result.data.stage, result.data.checklist);
      state.loaded = true;
      var early = state.early;
      state.early = [];
      early.forEach(function (text) { enqueue(text); });
      schedulePoll(POLL_MS);
    }).catch(function () {
      state.loadTries++;
      if (!state.loadError) {
        state.loadError = systemLine(NET_ERROR, '重新加载', function () {
          clearTimeout(state.retryTimer);
          loadHistory();
        });
      }
      clearTimeout(state.retryTimer);
      state.retryTimer = setTimeout(loadHistory, Math.min(15000, 2000 * state.loadTries));
    });
  }

  function applyNew(messages) {
    messages = normalizeMessages(messages);
    noteCursor(messages);
    var wasAtBottom = state.stick;
    var added = 0;
    messages.forEach(function (msg) {
      var m = addMessage(fromServer(msg));
      if (!m) return;
      added++;
      if (msg.role === 'bot') setChips(m.row, msg.quick_replies);
      else if (msg.role === 'welder') clearChips();
    });
    if (!added) return;
    if (wasAtBottom) scrollToBottom();
    else newPill.hidden = false;
  }

  function poll() {
    if (state.polling || !state.loaded || state.busy || document.visibilityState === 'hidden') {
      return Promise.resolve();
    }
    state.polling = true;
    var epoch = state.epoch;
    return api('GET', '/api/history?after=' + encodeURIComponent(state.cursor)).then(function (result) {
      // a chat request overlapped: its messages may be half-known, so fetch again next time
      if (state.busy || epoch !== state.epoch) return;
      if (result.ok && result.data) {
        applyNew(result.data.messages);
        setStage(result.data.stage, result.data.checklist);
      }
    }).catch(function () { /* offline: try again at the next tick */ }).then(function () {
      state.polling = false;
    });
  }

  function schedulePoll(delay) {
    clearTimeout(state.pollTimer);
    if (!state.loaded || document.visibilityState === 'hidden') return;
    state.pollTimer = setTimeout(function () {
      poll().then(function () { schedulePoll(POLL_MS); });
    }, delay);
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') clearTimeout(state.pollTimer);
    else schedulePoll(0);
  });

  /* --------------------------------------------------------------- profile sheet */

  var sheet = document.getElementById('profile');
  var profileForm = document.getElementById('profile-form');
  var profileOpen = document.getElementById('profile-open');
  var profileCancel = document.getElementById('profile-cancel');
  var profileSave = document.getElementById('profile-save');
  var profileStatus = document.getElementById('profile-status');
  var app = document.getElementById('app');
  var FIELDS = ['name', 'company', 'phone'];
  var profileTimer = 0;
  var profileSeq = 0;

  function setStatus(text, isError) {
    profileStatus.textContent = text || '';
    profileStatus.classList.toggle('is-error', !!isError);
  }

  /* A bottom sheet: the page behind is inert; Escape or a tap on the backdrop closes it. */
  function showSheet(node, focus) {
    node.hidden = false;
    app.setAttribute('aria-hidden', 'true');
    if ('inert' in app) app.inert = true;
    focus.focus();
  }

  function hideSheet(node, focus) {
    node.hidden = true;
    app.removeAttribute('aria-hidden');
    if ('inert' in app) app.inert = false;
    focus.focus();
  }

  function modal(node, close) {
    node.addEventListener('click', function (e) {
      if (e.target === node) close();     // tap on the dark backdrop
    });
    node.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' || e.key === 'Esc') {
        e.preventDefault();
        close();
        return;
      }
      if (e.key === 'Tab') {     // keep focus inside the dialog
        var focusables = Array.prototype.filter.call(
          node.querySelectorAll('input, button'), function (n) { return !n.disabled && !n.hidden; });
        if (!focusables.length) return;
        var first = focusables[0];
        var last = focusables[focusables.length - 1];
        if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
        else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
      }
    });
  }

  function openProfile() {
    clearTimeout(profileTimer);
    setStatus('');
    profileSave.disabled = false;
    FIELDS.forEach(function (f) { profileForm.elements[f].dataset.touched = ''; });
    showSheet(sheet, profileForm.elements.name);
    var seq = ++profileSeq;
    api('GET', '/api/profile').then(function (result) {
      if (seq !== profileSeq || !result.ok || !result.data) return;
      FIELDS.forEach(function (f) {
        var field = profileForm.elements[f];
        var value = result.data[f];
        if (!field.dataset.touched && typeof value === 'string') field.value = value.slice(0, 40);
      });
    }).catch(function () { /* leave the fields as they are */ });
  }

  function closeProfile() {
    if (sheet.hidden) return;
    clearTimeout(profileTimer);
    profileSeq++;
    hideSheet(sheet, profileOpen);
  }

  profileOpen.addEventListener('click', openProfile);
  profileCancel.addEventListener('click', closeProfile);
  modal(sheet, closeProfile);
  FIELDS.forEach(function (f) {
    profileForm.elements[f].addEventListener('input', function () {
      this.dataset.touched = '1';
    });
  });

  profileForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var body = {};
    FIELDS.forEach(function (f) { body[f] = profileForm.elements[f].value.trim().slice(0, 40); });
    profileSave.disabled = true;
    setStatus('正在保存…');
    var seq = profileSeq;
    api('POST', '/api/profile', body).then(function (result) {
      if (seq !== profileSeq) return;
      profileSave.disabled = false;
      if (!result.ok) { setStatus(errorText(result), true); return; }
      setStatus('已保存');
      profileTimer = setTimeout(function () {
        closeProfile();
        systemLine('资料已保存').setAttribute('data-testid', 'profile-saved');
        scrollToBottom();
      }, 900);
    }, function () {
      if (seq !== profileSeq) return;
      profileSave.disabled = false;
      setStatus(NET_ERROR, true);
    });
  });

  /* ----------------------------------------------------------------- stage strip */

  var stageSheet = document.getElementById('stage-sheet');
  var stageSet = document.getElementById('stage-set');
  var stageClose = document.getElementById('stage-close');
  var stageStatus = document.getElementById('stage-status');
  var stripButtons = Array.prototype.slice.call(strip.querySelectorAll('.strip-btn'));
  var stageOpened = null;    // the stage whose sheet is open, and the button that opened it

  // Current stage highlighted, those before it ticked.
  function setStage(stage, checklist) {
    var at = stripButtons.map(function (b) { return b.getAttribute('data-stage-id'); }).indexOf(stage);
    if (at < 0) return;
    state.stage = stage;
    strip.setAttribute('data-stage', stage);
    stripButtons.forEach(function (btn, i) {
      btn.classList.toggle('is-done', i < at);
      btn.classList.toggle('is-current', i === at);
      btn.parentNode.classList.toggle('is-reached', i <= at);
      btn.querySelector('.strip-dot').textContent = i < at ? '✓' : String(i + 1);
      if (i === at) btn.setAttribute('aria-current', 'step');
      else btn.removeAttribute('aria-current');
    });
    var current = stripButtons[at];
    if (strip.scrollWidth > strip.clientWidth) {   // a narrow phone: keep it in view
      strip.scrollLeft = current.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2;
    }
    if (Array.isArray(checklist)) state.checklist = checklist;
  }

  function openStage(btn) {
    var stage = btn.getAttribute('data-stage-id');
    stageOpened = btn;
    var isNow = stage === state.stage;
    var ids = stripButtons.map(function (b) { return b.getAttribute('data-stage-id'); });
    var passed = ids.indexOf(stage) < ids.indexOf(state.stage);
    Array.prototype.forEach.call(stageSheet.querySelectorAll('.stage-info'), function (section) {
      var mine = section.getAttribute('data-stage-id') === stage;
      section.hidden = !mine;
      if (!mine) return;
      section.querySelector('.stage-now').textContent =
        isNow ? '您现在在这一步' : passed ? '这一步已经完成了' : '还没到这一步';
      Array.prototype.forEach.call(section.querySelectorAll('[data-item]'), function (li) {
        var ready = passed || state.checklist.indexOf(li.getAttribute('data-item')) >= 0;
        li.classList.toggle('is-done', ready);
      });
    });
    stageStatus.textContent = '';
    stageStatus.classList.remove('is-error');
    stageSet.hidden = isNow;
    stageSet.disabled = false;
    showSheet(stageSheet, isNow ? stageClose : stageSet);
  }

  function closeStage() {
    if (stageSheet.hidden) return;
    hideSheet(stageSheet, stageOpened || strip);
  }

  stripButtons.forEach(function (btn) {
    btn.addEventListener('click', function () { openStage(btn); });
  });
  stageClose.addEventListener('click', closeStage);
  modal(stageSheet, closeStage);

  // 「不对，我已经…」: the welder puts themselves at the stage they opened.
  stageSet.addEventListener('click', function () {
    var stage = stageOpened && stageOpened.getAttribute('data-stage-id');
    if (!stage) return;
    stageSet.disabled = true;
    stageStatus.textContent = '正在保存…';
    api('POST', '/api/stage', { stage: stage }).then(function (result) {
      stageSet.disabled = false;
      if (!result.ok) {
        stageStatus.textContent = errorText(result);
        stageStatus.classList.add('is-error');
        return;
      }
      setStage(stage);
      closeStage();
      schedulePoll(0);     // the bot's confirmation, with this stage's steps
    }, function () {
      stageSet.disabled = false;
      stageStatus.textContent = NET_ERROR;
      stageStatus.classList.add('is-error');
    });
  });

  /* ------------------------------------------------------------------------ go */

  autoGrow();
  loadHistory();
  if (window.matchMedia && window.matchMedia('(pointer: fine)').matches) input.focus();
})();
