// Enhances the two upload forms: drag and drop, upload progress, then processing progress.
// Without this script the forms post as they are and the result page refreshes itself.
"use strict";

(function () {
  var POLL_MS = 700;

  function describe(files) {
    if (!files || files.length === 0) return "";
    if (files.length === 1) return "已选择：" + files[0].name;
    var total = 0;
    for (var i = 0; i < files.length; i++) total += files[i].size;
    return "已选择 " + files.length + " 个文件，共 " + (total / 1048576).toFixed(1) + " MB";
  }

  // The server's own limits and words, from the form's data attributes: refuse before sending.
  function overLimit(form, files) {
    var d = form.dataset;
    if (files.length > Number(d.maxFiles)) return d.tooMany;
    var total = 0;
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > Number(d.maxFile)) return d.tooBig.replace("{name}", files[i].name);
      total += files[i].size;
    }
    return total > Number(d.maxTotal) ? d.tooMuch : "";
  }

  function enhance(form) {
    var input = form.querySelector("input[type=file]");
    var drop = form.querySelector(".drop");
    var chosen = form.querySelector(".chosen");
    var status = form.querySelector(".status");
    var statusText = form.querySelector(".status-text");
    var bar = form.querySelector(".status progress");
    var alertBox = form.querySelector(".alert");
    var button = form.querySelector("button[type=submit]");

    function show(text, done, total) {
      status.hidden = false;
      statusText.textContent = text;
      bar.max = total;
      bar.value = done;
    }
    function fail(text) {
      status.hidden = true;
      alertBox.textContent = text;
      alertBox.hidden = false;
      button.disabled = false;
    }

    input.addEventListener("change", function () { chosen.textContent = describe(input.files); });
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer.files;
      if (!input.multiple && files.length > 1) {
        fail("自查一次只上传一个文件：您自己支部的填报表。");
        return;
      }
      input.files = files;
      chosen.textContent = describe(files);
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!input.files || input.files.length === 0) {
        fail("请先选择或拖入要校验的 .xlsx 工作簿。");
        return;
      }
      var refusal = overLimit(form, input.files);
      if (refusal) {
        fail(refusal);
        return;
      }
      alertBox.hidden = true;
      button.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          show("正在上传：" + Math.round(e.loaded * 100 / e.total) + "%", e.loaded, e.total);
        }
      });
      xhr.addEventListener("load", function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = null; }
        if (xhr.status === 202 && answer) {
          show(answer.round ? "上传完成，共 " + answer.files + " 个文件，正在收集…"
                            : "上传完成，正在校验：0 / " + answer.files + " 个文件", 0, answer.files);
          poll(answer);
        } else {
          fail(answer && answer.message ? answer.message : "上传失败（" + xhr.status + "）。请重试。");
        }
      });
      xhr.addEventListener("error", function () { fail(form.dataset.connectionLost); });
      xhr.send(new FormData(form));
    });

    function poll(job) {
      fetch(job.progress, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (r) {
          if (!r.ok) { fail(r.body.message || "查询进度失败。请刷新页面。"); return; }
          // The server says what is happening: files checked, or a round's stage (collecting 12 / 200, writing…).
          show(r.body.stage, r.body.done, r.body.total);
          if (r.body.state === "finished") { window.location.assign(r.body.result); }
          else { window.setTimeout(function () { poll(job); }, POLL_MS); }
        })
        .catch(function () { fail(form.dataset.progressLost); });
    }
  }

  document.querySelectorAll("form.upload").forEach(enhance);
  // A file dropped beside the drop zone would make the browser open it and leave the page.
  ["dragover", "drop"].forEach(function (name) {
    window.addEventListener(name, function (event) { event.preventDefault(); });
  });
})();
