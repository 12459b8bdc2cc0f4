/* 中文文件选择框：把每个 <input type="file"> 换成“选择文件 / 未选择文件”（浏览器自带的按钮文字随系统语言，
   常显示 “Choose File / No file chosen”）。原输入框保留在原位（视觉上隐藏），表单提交与校验不变。
   页面载入与 htmx 换入新内容时都会处理。 */
(function () {
  "use strict";
  function describe(input) {
    var files = input.files;
    if (!files || files.length === 0) return "未选择文件";
    if (files.length === 1) return files[0].name;
    return "已选择 " + files.length + " 个文件";
  }
  function upgrade(input) {
    if (input.dataset.rmFile) return;
    input.dataset.rmFile = "1";
    var box = document.createElement("label");
    box.className = "rm-file";
    box.setAttribute("data-testid", "file-picker");
    var button = document.createElement("span");
    button.className = "btn btn-outline-primary rm-file-button";
    button.textContent = input.multiple ? "选择文件（可多选）" : "选择文件";
    var name = document.createElement("span");
    name.className = "rm-file-name text-secondary";
    name.textContent = describe(input);
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    box.appendChild(button);
    box.appendChild(name);
    input.classList.add("rm-file-input");
    input.addEventListener("change", function () {
      name.textContent = describe(input);
      name.classList.toggle("text-secondary", !input.files || input.files.length === 0);
    });
  }
  function scan(root) {
    (root || document).querySelectorAll('input[type="file"]').forEach(upgrade);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
