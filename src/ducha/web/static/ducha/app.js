// Site-wide behaviour for every page (loaded by web/base.html; no inline script, CSP).
//
// htmx does not swap an error response and shows nothing when the network fails, so a
// reporter could believe a save went through. Say in the alert region of the page, in
// Chinese, what happened and that nothing was saved (or, for a read, nothing was updated).
(function () {
  "use strict";

  var ADVICE = {
    401: "登录已超时,{outcome};请在新标签页重新登录后再回到本页重试,本页已填写的内容仍保留。",
    403: "无权进行此操作,{outcome};如登录已超时,请刷新页面重新登录。",
    404: "没有找到该记录,或您无权查看,{outcome};请刷新页面后重试。",
    409: "记录已被他人修改,{outcome};请刷新页面,核对最新内容后再提交。",
    413: "提交的内容或文件过大,{outcome};请缩小后重试。",
    429: "操作过于频繁或登录已被锁定,{outcome};请稍后重试。"
  };
  var SERVER = "服务器出错,{outcome},请稍后重试;如多次出现,请联系系统管理员。";
  var NETWORK = "网络中断,{outcome},请检查网络后重试。";
  var OTHER = "请求未能完成(错误代码 {status}),{outcome};请刷新页面后重试。";

  var failedElt = null;

  function outcome(detail) {
    var verb = detail && detail.requestConfig && detail.requestConfig.verb;
    return verb && verb.toLowerCase() !== "get" ? "本次操作没有保存" : "页面内容没有更新";
  }

  // The control that sent the request (detail.elt may be the swap target instead).
  function source(detail) {
    return (detail.requestConfig && detail.requestConfig.elt) || detail.elt || null;
  }

  function messageFor(status, detail) {
    var text = status >= 500 ? SERVER : (ADVICE[status] || OTHER);
    return text.replace("{outcome}", outcome(detail)).replace("{status}", String(status));
  }

  function region() {
    return document.getElementById("htmx-error");
  }

  function show(text, elt) {
    var box = region();
    if (!box) { return; }
    box.querySelector("[data-htmx-error-text]").textContent = text;
    box.hidden = false;
    failedElt = elt || null;
  }

  function hide() {
    var box = region();
    if (box) { box.hidden = true; }
    failedElt = null;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    show(messageFor(xhr ? xhr.status : 0, event.detail), source(event.detail));
  });

  document.addEventListener("htmx:sendError", function (event) {
    show(NETWORK.replace("{outcome}", outcome(event.detail)), source(event.detail));
  });

  document.addEventListener("htmx:timeout", function (event) {
    show(NETWORK.replace("{outcome}", outcome(event.detail)), source(event.detail));
  });

  // The message stays until dismissed, or until the same control succeeds on a retry
  // (beforeSwap, not afterRequest: after an outerHTML swap the control is detached and
  // its later events no longer reach the document).
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.isError && failedElt && source(event.detail) === failedElt) { hide(); }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest && target.closest("[data-htmx-error-close]")) { hide(); }
  });
})();
