/* 页面上的小交互，代替内联事件处理器（onclick=… 会被内容安全策略 CSP 拦截）：
   data-confirm="提示"：按钮/链接点击或表单提交前先确认；data-autosubmit：选项改变即提交所在表单；
   data-navigate：下拉框选中一项即打开其值（网址）；data-check-all="选择器"：勾选框同时勾选/取消所有匹配的勾选框；
   data-bookmarklet：书签链接只供拖到书签栏，在页面里点击不做任何事。用事件委托，htmx 换入的新内容同样生效。 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var el = event.target.closest("button[data-confirm], a[data-confirm], input[type=submit][data-confirm]");
    if (el && !window.confirm(el.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (event) {
    if (event.target.closest("a[data-bookmarklet]")) {
      event.preventDefault();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // 表格放进可横向滚动的外框（已有外框的不动；htmx 换入的新内容也处理）：手机上中文单元格可以在任意两个字之间
  // 折行，表格宁可把列挤成一字一行也不变宽，有了外框再配合 app.css 里的最小列宽，宽表格就在卡片里左右滑动
  function wrapTables(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("table.table").forEach(function (table) {
      var parent = table.parentElement;
      if (!parent || parent.classList.contains("table-responsive")) {
        return;
      }
      var box = document.createElement("div");
      box.className = "table-responsive";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wrapTables(document); });
  document.addEventListener("htmx:load", function (event) { wrapTables(event.target); });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("[data-autosubmit]") && el.form) {
      el.form.submit();
    } else if (el.matches("select[data-navigate]") && el.value) {
      window.location.href = el.value;
    } else if (el.matches("input[type=checkbox][data-check-all]")) {
      document.querySelectorAll(el.dataset.checkAll).forEach(function (box) {
        box.checked = el.checked;
      });
    }
  });
})();
