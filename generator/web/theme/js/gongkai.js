/* gongkai theme: the 长者模式 switch (kept across pages and reloads) and the page's QR code. No external resources. */
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.getElementById("gk-elder");
  function show(on) {
    root.classList.toggle("gk-elder-mode", on);
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "退出长者模式" : "长者模式";
    }
  }
  var stored = false;
  try { stored = localStorage.getItem("gk-elder") === "1"; } catch (e) { /* storage blocked: the switch still works for this page */ }
  show(stored);
  if (button) {
    button.addEventListener("click", function () {
      var on = !root.classList.contains("gk-elder-mode");
      show(on);
      try { localStorage.setItem("gk-elder", on ? "1" : "0"); } catch (e) { /* ignore */ }
    });
  }
  /* A table wider than the screen scrolls sideways: keyboard users must be able to reach it (WCAG 2.1.1). */
  function scrollableTables() {
    var tables = document.querySelectorAll("main table");
    for (var i = 0; i < tables.length; i++) {
      if (tables[i].scrollWidth > tables[i].clientWidth) { tables[i].setAttribute("tabindex", "0"); }
      else { tables[i].removeAttribute("tabindex"); }
    }
  }
  scrollableTables();
  window.addEventListener("resize", scrollableTables);
  if (button) { button.addEventListener("click", scrollableTables); }
  /* 扫一扫在手机上查看当前页面: the QR code of the page's canonical address, drawn here (qrcode.js, MIT). */
  var box = document.getElementById("gk-qr");
  if (box && typeof qrcode === "function") {
    var qr = qrcode(0, "M");
    qr.addData(box.getAttribute("data-url"));
    qr.make();
    box.innerHTML = qr.createSvgTag({ cellSize: 3, margin: 2, scalable: true, alt: "本页网址的二维码" });
  }
  /* The search page: Pagefind's UI over every bundle of the index, running the query from the address (?q=…). */
  var search = document.getElementById("gk-search-ui");
  if (search && typeof PagefindUI === "function") {
    /* The site may live below a folder of the portal (base_url): results link from the site's root, one level up. */
    var root = new URL("..", location.href).pathname;
    var start = function (parts) {
      var ui = new PagefindUI({
        element: "#gk-search-ui", baseUrl: root, showSubResults: true, showImages: false,
        mergeIndex: parts.map(function (part) { return { bundlePath: root + "pagefind/" + part, baseUrl: root, language: "unknown" }; }),
        translations: { placeholder: "输入要查找的内容" },
        /* A PDF is indexed through a stand-in page at "{pdf}/": link to the PDF itself. */
        processResult: function (result) {
          var fix = function (url) { return url && /\.pdf\/(#.*)?$/.test(url) ? url.replace(/\.pdf\/(#.*)?$/, ".pdf") : url; };
          result.url = fix(result.url);
          (result.sub_results || []).forEach(function (sub) { sub.url = fix(sub.url); });
          return result;
        }
      });
      var q = new URLSearchParams(location.search).get("q");
      if (!q) { return; }
      /* The UI mounts asynchronously: wait for its input, then search as if the reader typed the words. */
      var tries = 0;
      var fill = function () {
        var input = document.querySelector("#gk-search-ui input");
        if (input) { input.value = q; input.dispatchEvent(new Event("input", { bubbles: true })); }
        else if (tries++ < 50) { setTimeout(fill, 100); }
      };
      fill();
    };
    /* The index was segmented into words by Pagefind (jieba). Were the page's lang="zh-CN" seen, the
       browser would split each query by its own dictionary (Intl.Segmenter: 接访 → 接 + 访) and miss
       them; so Pagefind starts while the lang attribute is set aside for a moment, and keeps each
       query whole. */
    var html = document.documentElement, lang = html.getAttribute("lang");
    var parts = fetch(root + "pagefind/gongkai-parts.json").then(function (r) { return r.ok ? r.json() : []; }, function () { return []; });
    html.removeAttribute("lang");
    import(root + "pagefind/pagefind.js")
      .then(function (pagefind) { return pagefind.options({ baseUrl: root }).then(function () { return pagefind.init(); }); })
      .catch(function () { /* the UI reports a missing index itself */ })
      .then(function () { html.setAttribute("lang", lang); return parts; })
      .then(start);
  }
})();
