/* 稿件编辑页：wangEditor 富文本、手机预览（375 px，公众号版式）、各平台预览、自动保存与编辑锁、
   按内容形态显示字段、目标账号筛选、在编辑器里定位并采纳 AI 审校建议、从素材库插入。
   服务器端负责清洗与转存图片；这里的一切只是方便编辑，保存时以服务器为准。 */
(function () {
  "use strict";
  var form = document.getElementById("item-form");
  if (!form) { return; }
  var source = form.querySelector("textarea[name=body]");
  var titleInput = form.querySelector("input[name=title]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var saveState = document.querySelector("[data-save-state]");
  var errorBox = document.querySelector("[data-editor-error]");
  var previewTitle = document.querySelector("[data-preview-title]");
  var previewBody = document.querySelector("[data-preview-body]");
  var platformBox = document.querySelector("[data-platform-previews]");

  function showError(text) {
    if (!errorBox) { return; }
    errorBox.textContent = text;
    errorBox.classList.toggle("d-none", !text);
  }
  function setState(text) { if (saveState) { saveState.textContent = text; } }
  function now() { return new Date().toLocaleTimeString("zh-CN", { hour12: false }); }

  /* ---------- 按内容形态显示字段 ---------- */
  var kindSelect = form.querySelector("select[name=kind]");
  function applyKind() {
    var kind = kindSelect ? kindSelect.value : "";
    form.querySelectorAll("[data-kinds]").forEach(function (input) {
      var box = input.closest(".mb-3");
      var show = input.dataset.kinds.split(",").indexOf(kind) >= 0;
      if (box) { box.parentElement.classList.toggle("d-none", !show); }
      input.disabled = !show;
    });
  }
  if (kindSelect) { kindSelect.addEventListener("change", applyKind); applyKind(); }

  /* ---------- 转载才填来源 ---------- */
  var original = form.querySelector("input[name=is_original]");
  var sourceInput = form.querySelector("input[name=source]");
  function applyOriginal() {
    if (!original || !sourceInput) { return; }
    var box = sourceInput.closest(".mb-3");
    if (box) { box.parentElement.classList.toggle("d-none", original.checked); }
  }
  if (original) { original.addEventListener("change", applyOriginal); applyOriginal(); }

  /* ---------- 目标账号筛选 ---------- */
  var filter = form.querySelector("[data-account-filter]");
  if (filter) {
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      form.querySelectorAll("[data-account-group]").forEach(function (group) {
        var any = false;
        group.querySelectorAll("[data-account-option]").forEach(function (opt) {
          var hit = !q || opt.textContent.toLowerCase().indexOf(q) >= 0 ||
            group.querySelector("legend").textContent.toLowerCase().indexOf(q) >= 0;
          opt.classList.toggle("d-none", !hit);
          any = any || hit;
        });
        group.classList.toggle("d-none", !any);
      });
    });
  }

  /* ---------- 编辑器 ---------- */
  var E = window.wangEditor;
  if (!E || !source) {
    document.querySelector("[data-editor-fallback]").classList.remove("d-none");
    return;
  }
  var BLOCKS = {
    "rm-titlebar": { title: "标题栏", html: '<h3 style="text-align: center;"><span style="color: rgb(255, 255, 255); background-color: rgb(183, 28, 28);">　小标题　</span></h3><p><br></p>' },
    "rm-quotecard": { title: "引用卡片", html: "<blockquote>引用的原话或要点</blockquote><p><br></p>" },
    "rm-numbered": { title: "序号小节", html: '<h3><span style="color: rgb(183, 28, 28); font-size: 24px;">01</span>　小节标题</h3><p><br></p>' }
  };
  function BlockMenu(key) { this.key = key; this.title = BLOCKS[key].title; this.tag = "button"; }
  BlockMenu.prototype.getValue = function () { return ""; };
  BlockMenu.prototype.isActive = function () { return false; };
  BlockMenu.prototype.isDisabled = function () { return false; };
  BlockMenu.prototype.exec = function (editor) { editor.dangerouslyInsertHtml(BLOCKS[this.key].html); };
  function AssetMenu() { this.title = "素材库"; this.tag = "button"; }
  AssetMenu.prototype.getValue = function () { return ""; };
  AssetMenu.prototype.isActive = function () { return false; };
  AssetMenu.prototype.isDisabled = function () { return !form.dataset.pickerUrl; };
  AssetMenu.prototype.exec = function () { openPicker(); };
  if (!window.__rmMenus) {
    Object.keys(BLOCKS).forEach(function (key) {
      E.Boot.registerMenu({ key: key, factory: function () { return new BlockMenu(key); } });
    });
    E.Boot.registerMenu({ key: "rm-assets", factory: function () { return new AssetMenu(); } });
    window.__rmMenus = true;
  }

  function uploadConf(kind, maxMB) {
    return {
      server: form.dataset.uploadUrl + (kind === "video" ? "?kind=video" : ""),
      fieldName: "file",
      maxFileSize: maxMB * 1024 * 1024,
      maxNumberOfFiles: 20,
      allowedFileTypes: [kind + "/*"],
      headers: { "X-CSRFToken": csrf },
      timeout: 60 * 1000,
      onFailed: function (file, res) { showError("上传“" + file.name + "”失败：" + ((res && res.message) || "服务器未接受")); },
      onError: function (file, err, res) {
        var msg = (res && res.message) || (err && err.message) || "";
        if (/exceeds maximum/i.test(msg) || (file.size > maxMB * 1024 * 1024)) { msg = "文件超过 " + maxMB + " MB"; }
        showError("上传“" + file.name + "”失败：" + (msg || "网络错误"));
      },
      onSuccess: function () { showError(""); }
    };
  }

  var hasFindings = document.querySelector("[data-finding]") !== null;
  var previewTimer = null, platformTimer = null, autosaveTimer = null, dirty = false, warnedLocal = false;
  var editor = E.createEditor({
    selector: "#editor-text",
    html: source.value || "<p><br></p>",
    mode: "default",
    config: {
      placeholder: "在这里写正文，或粘贴 Word、WPS、秀米/135 与网页内容……",
      MENU_CONF: { uploadImage: uploadConf("image", 10), uploadVideo: uploadConf("video", 200) },
      onChange: function (ed) {
        source.value = ed.getHtml();
        if (!warnedLocal && /<img[^>]+src="file:/i.test(source.value)) {
          warnedLocal = true;
          showError("从 Word 粘贴的图片是本机文件地址，浏览器读不到，保存时会去掉：请用工具栏的“上传图片”或“素材库”插入这些图片。");
        }
        schedulePreview();
        if (ready) { dirty = true; scheduleAutosave(); }
      }
    }
  });
  var ready = false;
  E.createToolbar({
    editor: editor, selector: "#editor-toolbar", mode: "default",
    config: {
      excludeKeys: ["fullScreen", "codeBlock", "group-image", "group-video", "todo", "emotion"],
      insertKeys: { index: 0, keys: ["rm-titlebar", "rm-quotecard", "rm-numbered", "|", "uploadImage", "insertImage",
        "rm-assets", "uploadVideo", "|"] }
    }
  });
  source.value = editor.getHtml();
  window.rmEditor = editor;

  /* ---------- 粘贴秀米/135/网页：把段落级的文字样式移到文字上，卡片变引用块 ----------
     编辑器的文档模型只在文字上保留颜色、底色、字号、字体、加粗；秀米/135 常把它们写在段落或 section 上，
     直接粘贴会丢。这里先整理再交给编辑器（粘贴与拖放都经 insertData）。 */
  var TEXT_PROPS = ["color", "background-color", "font-size", "font-family"];
  var LEAF_BLOCKS = "p,h1,h2,h3,h4,h5,h6,section,div,li";
  function isLeaf(el) { return !el.querySelector("p,h1,h2,h3,h4,h5,h6,section,div,blockquote,li,table,ul,ol"); }
  function hasLeftBorder(st) {
    return (st.borderLeftStyle && st.borderLeftStyle !== "none") || /solid|dashed|double/.test(st.borderLeft || "");
  }
  function normalisePaste(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.body.querySelectorAll("section,div").forEach(function (el) {
      if (!el.isConnected || !hasLeftBorder(el.style) || !el.querySelector("p")) { return; }
      var quote = doc.createElement("blockquote");
      quote.innerHTML = Array.prototype.map.call(el.querySelectorAll("p"), function (p) { return p.innerHTML; }).join("<br>");
      el.replaceWith(quote);
    });
    doc.body.querySelectorAll(LEAF_BLOCKS).forEach(function (el) {
      if (!isLeaf(el) || !el.textContent.trim()) { return; }
      var moved = [];
      TEXT_PROPS.forEach(function (prop) {
        var v = el.style.getPropertyValue(prop);
        if (v) { moved.push(prop + ": " + v); el.style.removeProperty(prop); }
      });
      var bold = /^(bold|bolder|[6-9]00)$/.test(el.style.fontWeight);
      if (!moved.length && !bold) { return; }
      var span = doc.createElement("span");
      if (moved.length) { span.setAttribute("style", moved.join("; ")); }
      var holder = span;
      if (bold) { holder = doc.createElement("strong"); span.appendChild(holder); }
      while (el.firstChild) { holder.appendChild(el.firstChild); }
      el.appendChild(span);
    });
    // 编辑器不认 section（紧跟在 section 前的一块会丢最后一个字）：只含文字的变段落，其余拆开
    Array.prototype.slice.call(doc.body.querySelectorAll("section")).reverse().forEach(function (el) {
      if (isLeaf(el)) {
        var p = doc.createElement("p");
        if (el.getAttribute("style")) { p.setAttribute("style", el.getAttribute("style")); }
        while (el.firstChild) { p.appendChild(el.firstChild); }
        el.replaceWith(p);
      } else {
        el.replaceWith.apply(el, Array.prototype.slice.call(el.childNodes));
      }
    });
    // 块与块之间的换行缩进（不是文字）：留着会让编辑器吞掉前一块末尾的字
    var walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT, null);
    var blank = [], node;
    while ((node = walker.nextNode())) {
      if (!node.nodeValue.trim() && /\n/.test(node.nodeValue) && /^(BODY|SECTION|DIV|BLOCKQUOTE|UL|OL|TABLE|TBODY|TR)$/.test(node.parentNode.nodeName)) {
        blank.push(node);
      }
    }
    blank.forEach(function (n) { n.remove(); });
    return doc.body.innerHTML;
  }
  window.rmNormalisePaste = normalisePaste;
  var insertData = editor.insertData;
  editor.insertData = function (data) {
    var html = data && data.getData ? data.getData("text/html") : "";
    if (!html || !/style=|<section/i.test(html)) { return insertData.call(editor, data); }
    var tidy = new DataTransfer();
    tidy.setData("text/html", normalisePaste(html));
    tidy.setData("text/plain", data.getData("text/plain") || "");
    Array.prototype.forEach.call(data.files || [], function (f) { tidy.items.add(f); });
    return insertData.call(editor, tidy);
  };

  /* ---------- 手机预览（本地，随输入更新） ---------- */
  function renderPreview() {
    previewTimer = null;
    if (previewTitle) { previewTitle.textContent = titleInput ? titleInput.value : ""; }
    if (previewBody) { previewBody.innerHTML = editor.getHtml(); }
    if (hasFindings) { highlightAll(); }
  }
  function schedulePreview() {
    if (!previewTimer) { previewTimer = window.requestAnimationFrame(renderPreview); }
    if (platformTimer) { clearTimeout(platformTimer); }
    platformTimer = setTimeout(loadPlatforms, 600);
  }
  if (titleInput) { titleInput.addEventListener("input", function () { schedulePreview(); dirty = true; scheduleAutosave(); }); }
  form.addEventListener("change", function (e) {
    if (e.target.name === "target_accounts" || e.target.name === "cover") { schedulePreview(); }
  });

  /* ---------- 各平台预览（服务器按发布用的同一套规则生成） ---------- */
  function loadPlatforms() {
    platformTimer = null;
    if (!platformBox || !form.dataset.previewUrl) { return; }
    var data = new FormData();
    data.append("title", titleInput ? titleInput.value : "");
    data.append("body", editor.getHtml());
    form.querySelectorAll("input[name=target_accounts]:checked").forEach(function (box) {
      data.append("target_accounts", box.value);
    });
    var cover = form.querySelector("select[name=cover]");
    if (cover) { data.append("cover", cover.value); }
    fetch(form.dataset.previewUrl, { method: "POST", body: data, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { platformBox.innerHTML = html; })
      .catch(function () { platformBox.textContent = "各平台预览暂时无法生成（网络或登录已过期）。"; });
  }

  /* ---------- 自动保存 ---------- */
  var autosaveUrl = form.dataset.autosaveUrl;
  var localKey = form.dataset.localKey;
  function scheduleAutosave() {
    setState("有未保存的修改");
    if (autosaveTimer) { clearTimeout(autosaveTimer); }
    autosaveTimer = setTimeout(autosave, 3000);
  }
  function autosave() {
    autosaveTimer = null;
    if (!dirty) { return; }
    if (!autosaveUrl) {
      try {
        window.localStorage.setItem(localKey, JSON.stringify({ title: titleInput ? titleInput.value : "", body: editor.getHtml(), at: now() }));
        setState("已暂存在本机 " + now() + "（首次保存后改为自动保存到服务器）");
        dirty = false;
      } catch (err) { setState("本机暂存失败：浏览器存储已满或被禁用"); }
      return;
    }
    var data = new FormData();
    data.append("title", titleInput ? titleInput.value : "");
    data.append("body", editor.getHtml());
    var base = form.querySelector("input[name=base_revision]");
    if (base) { data.append("base_revision", base.value); }
    setState("正在自动保存……");
    dirty = false;
    fetch(autosaveUrl, { method: "POST", body: data, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        if (!res.ok || !res.j.ok) { dirty = true; setState("自动保存失败：" + (res.j.message || "请稍后再试")); return; }
        var text = "已自动保存 " + res.j.saved_at;
        if (res.j.holder) { text += "；注意：" + res.j.holder + " 也在编辑"; }
        if (res.j.stale) { text += "；别人已保存到第 " + res.j.current_revision + " 版，保存前请先对比"; }
        setState(text);
      })
      .catch(function () { dirty = true; setState("自动保存失败：网络中断，修改仍在本页，恢复后会重试"); scheduleAutosave(); });
  }
  // 每 5 分钟续一次编辑锁（没有修改也续）
  if (autosaveUrl) {
    setInterval(function () { dirty = true; autosave(); }, 5 * 60 * 1000);
  }
  form.addEventListener("submit", function () {
    source.value = editor.getHtml();
    if (!autosaveUrl) { try { window.localStorage.removeItem(localKey); } catch (err) { /* 忽略 */ } }
  });

  /* ---------- 恢复暂存稿 ---------- */
  var restore = document.querySelector("[data-restore-draft]");
  if (restore) {
    restore.addEventListener("click", function () {
      var body = JSON.parse(document.getElementById("draft-body").textContent);
      var title = JSON.parse(document.getElementById("draft-title").textContent);
      editor.setHtml(body || "<p><br></p>");
      if (titleInput && title) { titleInput.value = title; }
      restore.closest(".alert").classList.add("d-none");
      setState("已恢复暂存稿，请检查后保存");
    });
  }
  if (!autosaveUrl && localKey) {
    try {
      var stored = JSON.parse(window.localStorage.getItem(localKey) || "null");
      if (stored && stored.body && !editor.getText().trim()) {
        var note = document.createElement("div");
        note.className = "alert alert-info d-flex flex-wrap gap-2 align-items-center";
        note.setAttribute("data-testid", "local-draft");
        var span = document.createElement("span");
        span.textContent = "本机有一份 " + stored.at + " 暂存、尚未保存的稿件。";
        var btn = document.createElement("button");
        btn.type = "button"; btn.className = "btn btn-sm btn-primary"; btn.textContent = "恢复";
        btn.addEventListener("click", function () {
          editor.setHtml(stored.body);
          if (titleInput && stored.title) { titleInput.value = stored.title; }
          note.remove();
        });
        note.appendChild(span); note.appendChild(btn);
        form.parentElement.insertBefore(note, form);
      }
    } catch (err) { /* 本机存储不可用 */ }
  }

  /* ---------- 审校结果：定位与采纳 ---------- */
  function editorRoot() { return document.querySelector("#editor-text [data-slate-editor]"); }
  function findRange(text, occurrence) {
    var root = editorRoot();
    if (!root || !text) { return null; }
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
    var nodes = [], all = "", n;
    while ((n = walker.nextNode())) {
      if (n.parentElement && n.parentElement.closest("[data-slate-zero-width]")) { continue; }
      nodes.push({ node: n, start: all.length });
      all += n.nodeValue;
    }
    var at = -1;
    for (var i = 0; i <= occurrence; i += 1) {
      at = all.indexOf(text, at + 1);
      if (at < 0) { return null; }
    }
    function point(offset) {
      for (var k = nodes.length - 1; k >= 0; k -= 1) {
        if (nodes[k].start <= offset) { return { node: nodes[k].node, offset: offset - nodes[k].start }; }
      }
      return null;
    }
    var a = point(at), b = point(at + text.length);
    if (!a || !b) { return null; }
    var range = document.createRange();
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    return range;
  }
  /* 所有待处理的审校结果在正文里标出来（CSS Custom Highlight，不改动正文）；点“定位”的那条另用深色 */
  function highlightAll() {
    if (!(window.CSS && CSS.highlights && window.Highlight)) { return; }
    var all = new window.Highlight();
    document.querySelectorAll("[data-finding]").forEach(function (li) {
      if (li.querySelector("[data-accepted]:not(.d-none)")) { return; }
      var range = findRange(li.dataset.text, parseInt(li.dataset.occurrence || "0", 10));
      if (range) { all.add(range); }
    });
    CSS.highlights.set("rm-findings", all);
  }
  function highlight(range) {
    if (window.CSS && CSS.highlights && window.Highlight) {
      CSS.highlights.set("rm-proof", new window.Highlight(range));
    }
    var el = range.startContainer.parentElement;
    if (el) { el.scrollIntoView({ block: "center" }); }
  }
  document.querySelectorAll("[data-finding]").forEach(function (li) {
    var text = li.dataset.text, occurrence = parseInt(li.dataset.occurrence || "0", 10);
    var find = li.querySelector("[data-find-finding]");
    var accept = li.querySelector("[data-accept-finding]");
    if (find) {
      find.addEventListener("click", function () {
        var range = findRange(text, occurrence);
        if (!range) { showError("正文里已找不到“" + text + "”（可能已修改）"); return; }
        showError("");
        highlight(range);
      });
    }
    if (accept) {
      accept.addEventListener("click", function () {
        var range = findRange(text, occurrence);
        if (!range) { showError("正文里已找不到“" + text + "”（可能已修改），请手动处理"); return; }
        var slateRange = E.DomEditor.toSlateRange(editor, range, { exactMatch: false, suppressThrow: true });
        if (!slateRange) { showError("无法在编辑器里定位“" + text + "”，请手动修改"); return; }
        editor.focus();
        editor.select(slateRange);
        editor.insertText(li.dataset.suggestion);
        if (window.CSS && CSS.highlights) { CSS.highlights.delete("rm-proof"); }
        var hidden = form.querySelector("input[name=accepted_findings]");
        var ids = hidden.value ? hidden.value.split(",") : [];
        ids.push(li.dataset.finding);
        hidden.value = ids.join(",");
        accept.disabled = true;
        li.querySelector("[data-accepted]").classList.remove("d-none");
        showError("");
      });
    }
  });

  /* ---------- 素材库 ---------- */
  var pickerEl = document.getElementById("asset-picker");
  function openPicker(query) {
    if (!form.dataset.pickerUrl || !pickerEl) { return; }
    var body = pickerEl.querySelector("[data-picker-body]");
    var url = form.dataset.pickerUrl + "?kind=image" + (query ? "&q=" + encodeURIComponent(query) : "");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { body.innerHTML = html; })
      .catch(function () { body.textContent = "素材库载入失败，请稍后再试。"; });
    document.querySelector("[data-picker-open]").click();  // Bootstrap 的 data-bs-toggle 打开对话框
  }
  if (pickerEl) {
    pickerEl.addEventListener("click", function (e) {
      var btn = e.target.closest("[data-insert-src]");
      if (!btn) { return; }
      var img = document.createElement("img");
      img.src = btn.dataset.insertSrc;
      img.alt = btn.dataset.alt || "";
      editor.restoreSelection();
      editor.dangerouslyInsertHtml(img.outerHTML);
      pickerEl.querySelector("[data-bs-dismiss=modal]").click();
    });
    pickerEl.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = e.target.querySelector("input[name=q]");
      openPicker(q ? q.value : "");
    });
  }

  renderPreview();
  loadPlatforms();
  ready = true;
})();
