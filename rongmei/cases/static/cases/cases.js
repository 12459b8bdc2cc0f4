/* 典型案例征集页面的小交互（内容安全策略不允许内联脚本与 onclick，所以放在本文件）：
   1. 字数：textarea[data-charcount] 旁的 [data-count-for=编号] 实时显示本项字数，[data-char-total] 显示合计并对照
      data-limit 提示超出。数法与服务器（rongmei/cases/text.py）相同：去掉空白后按字符计数，不按字节。
   2. 推荐排序：[data-sortable] 列表可以拖动排序（桌面），拖完后“保存次序”按钮提示保存；每行的“上移/下移”按钮
      直接提交表单，手机与键盘都能用。 */
(function () {
  "use strict";

  function count(text) {
    return Array.from((text || "").replace(/[\s\ufeff]+/g, "")).length;
  }

  function refresh() {
    var total = 0;
    document.querySelectorAll("textarea[data-charcount]").forEach(function (area) {
      var n = count(area.value);
      total += n;
      var label = document.querySelector('[data-count-for="' + area.id + '"]');
      if (label) {
        label.textContent = n + " 字";
      }
    });
    document.querySelectorAll("[data-char-total]").forEach(function (box) {
      var limit = parseInt(box.dataset.limit, 10);
      var over = total - limit;
      box.textContent = "合计 " + total + " 字 / 上限 " + limit + " 字" + (over > 0 ? "，超出 " + over + " 字" : "");
      box.classList.toggle("text-danger", over > 0);
      box.classList.toggle("fw-bold", over > 0);
      box.classList.toggle("text-secondary", over <= 0);
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-charcount]")) {
      refresh();
    }
  });
  document.addEventListener("DOMContentLoaded", refresh);

  var dragged = null;

  function renumber(list) {
    list.querySelectorAll("[data-position]").forEach(function (el, i) {
      el.textContent = String(i + 1);
    });
    var form = list.closest("form");
    var hint = form && form.querySelector("[data-order-changed]");
    if (hint) {
      hint.classList.remove("d-none");
    }
  }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-sortable] > [draggable]");
    if (!item) {
      return;
    }
    dragged = item;
    item.classList.add("opacity-50");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.id || "");
  });
  document.addEventListener("dragover", function (event) {
    if (!dragged) {
      return;
    }
    var over = event.target.closest && event.target.closest("[data-sortable] > [draggable]");
    if (!over || over === dragged || over.parentNode !== dragged.parentNode) {
      return;
    }
    event.preventDefault();
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });
  document.addEventListener("drop", function (event) {
    if (dragged) {
      event.preventDefault();
    }
  });
  document.addEventListener("dragend", function () {
    if (!dragged) {
      return;
    }
    dragged.classList.remove("opacity-50");
    renumber(dragged.parentNode);
    dragged = null;
  });
})();
