/* 素材库：上传区的拖放（把拖进来的文件放进文件框并提交）与封面裁剪框的实时预览（滑块可用键盘调节）。 */
(function () {
  "use strict";

  function dropZone(zone) {
    var form = zone.closest("form");
    var input = zone.querySelector('input[type="file"]');
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      input.files = e.dataTransfer.files;
      input.dispatchEvent(new Event("change"));
      form.requestSubmit();
    });
  }

  function round(v) { return Math.round(v * 10000) / 10000; }

  function cropper(form) {
    var ratio = parseFloat(form.dataset.ratioValue);
    var w = parseFloat(form.dataset.width) || 1, h = parseFloat(form.dataset.height) || 1;
    var wmax = Math.min(1, ratio * h / w), hmax = Math.min(1, w / (ratio * h));
    var f = function (n) { return form.querySelector('input[name="' + n + '"]'); };
    var size = form.querySelector("[data-crop-size]"), px = form.querySelector("[data-crop-x]"),
        py = form.querySelector("[data-crop-y]"), box = form.querySelector("[data-crop-box]"),
        preview = form.querySelector("[data-crop-preview]"), text = form.querySelector("[data-crop-text]");
    // 已有裁剪框 → 滑块位置
    var x1 = parseFloat(f("x1").value), y1 = parseFloat(f("y1").value);
    var bw = parseFloat(f("x2").value) - x1, bh = parseFloat(f("y2").value) - y1;
    size.value = Math.max(20, Math.min(100, Math.round(bw / wmax * 100)));
    px.value = bw < 0.9999 ? Math.round(x1 / (1 - bw) * 100) : 50;
    py.value = bh < 0.9999 ? Math.round(y1 / (1 - bh) * 100) : 50;
    preview.style.aspectRatio = String(ratio);
    preview.style.width = "min(100%, " + Math.round(200 * ratio) + "px)";
    preview.style.backgroundImage = 'url("' + preview.dataset.src + '")';

    function update(fromSliders) {
      var s = size.value / 100, cw = wmax * s, ch = hmax * s;
      var cx = (1 - cw) * px.value / 100, cy = (1 - ch) * py.value / 100;
      if (!fromSliders) { cx = x1; cy = y1; cw = bw; ch = bh; }
      var vals = [round(cx), round(cy), round(cx + cw), round(cy + ch)];
      f("x1").value = vals[0]; f("y1").value = vals[1]; f("x2").value = vals[2]; f("y2").value = vals[3];
      text.textContent = vals.join("_");
      box.style.left = cx * 100 + "%"; box.style.top = cy * 100 + "%";
      box.style.width = cw * 100 + "%"; box.style.height = ch * 100 + "%";
      preview.style.backgroundSize = (100 / cw) + "% " + (100 / ch) + "%";
      preview.style.backgroundPosition = (cw < 1 ? cx / (1 - cw) * 100 : 0) + "% " +
        (ch < 1 ? cy / (1 - ch) * 100 : 0) + "%";
    }
    [size, px, py].forEach(function (el) { el.addEventListener("input", function () { update(true); }); });
    update(false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-drop-zone]").forEach(dropZone);
    document.querySelectorAll("form[data-crop]").forEach(cropper);
  });
})();
