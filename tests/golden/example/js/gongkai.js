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
  /* 近期接访 by the reader's own date: the build's list is replaced with the receptions from today on, read from
     data/receptions.json (the same rows as the open data), so a page built days ago still says what is on today. */
  var today = document.querySelector(".gk-today[data-receptions]");
  if (today && window.fetch) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var iso = function (d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); };
    var md = function (s) { return Number(s.slice(5, 7)) + "月" + Number(s.slice(8, 10)) + "日"; };
    var now = new Date();
    var first = iso(now);
    var last = iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() + Number(today.getAttribute("data-horizon") || 14)));
    var base = today.getAttribute("data-base");
    var el = function (tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) { e.className = cls; }
      if (text) { e.textContent = text; }
      return e;
    };
    fetch(today.getAttribute("data-receptions")).then(function (r) { return r.ok ? r.json() : null; }).then(function (rows) {
      if (!rows) { return; }
      var days = {}, order = [];
      rows.forEach(function (row) {
        if (row.date < first || row.date > last || row.status === "已取消") { return; }
        if (!days[row.date]) { days[row.date] = []; order.push(row.date); }
        days[row.date].push(row);
      });
      order.sort();
      var title = today.querySelector("h2");
      title.textContent = order.length && order[0] === first ? "今日接访（" + md(first) + "）及近期安排" : "近期接访";
      today.querySelector(".gk-today-when").textContent = "以下为" + now.getFullYear() + "年" + md(first) + "（按您设备上的日期）起两周内的接访安排。";
      var old = today.querySelector(".gk-today-list, .gk-today-none");
      var list;
      if (!order.length) {
        list = el("p", "gk-today-none", "近期没有接访安排。");
      } else {
        list = el("ul", "gk-list gk-today-list");
        order.forEach(function (date) {
          var item = el("li"), link = el("a", "", md(date) + "（" + days[date][0].weekday + "）" + (date === first ? " 今天" : ""));
          link.href = base + "jiefang/day/" + date + "/";
          item.appendChild(link);
          var meta = el("span", "gk-today-meta");
          days[date].forEach(function (row, i) {
            meta.appendChild(el("span", "gk-nowrap", row.time));
            meta.appendChild(document.createTextNode(" "));
            meta.appendChild(el("span", "gk-nowrap", row.name));
            meta.appendChild(document.createTextNode("（" + row.post + "）" + (i + 1 < days[date].length ? "；" : "")));
          });
          item.appendChild(meta);
          list.appendChild(item);
        });
      }
      if (old) { old.replaceWith(list); }
      today.setAttribute("data-live", first);
    }, function () { /* offline or blocked: the build's list stays */ });
  }
  /* The 信息公开目录: filters by 体裁, 主题分类 and 年份 over every page of it (its records, fetched once). */
  (function (filter) {  /* a scope of its own: its names are not the page script's */
  if (filter && window.fetch) {
    var list = document.querySelector("main .gk-list"), count = document.querySelector("main .gk-count");
    var pager = document.querySelector("main .gk-pager"), original = list ? list.innerHTML : "", originalCount = count ? count.textContent : "";
    var records = null;
    var apply = function () {
      var chosen = { genre: filter.genre.value, subject: filter.subject.value, year: filter.year.value };
      if (!chosen.genre && !chosen.subject && !chosen.year) {
        list.innerHTML = original; count.textContent = originalCount; if (pager) { pager.hidden = false; } return;
      }
      var shown = records.filter(function (r) {
        return (!chosen.genre || r.genre === chosen.genre) && (!chosen.subject || r.subject === chosen.subject) && (!chosen.year || String(r.year) === chosen.year);
      });
      list.innerHTML = "";
      shown.forEach(function (r) {
        var li = document.createElement("li"), a = document.createElement("a"), meta = document.createElement("span");
        a.href = filter.getAttribute("data-base") + r.url; a.textContent = r.title;
        meta.className = "gk-list-meta"; meta.textContent = r.suoyinhao + " " + r.date;
        li.appendChild(a); li.appendChild(document.createTextNode(" ")); li.appendChild(meta); list.appendChild(li);
      });
      if (!shown.length) { var none = document.createElement("li"); none.textContent = "没有符合条件的公开信息。"; list.appendChild(none); }
      count.textContent = "符合条件的共 " + shown.length + " 条。";
      if (pager) { pager.hidden = true; }
    };
    fetch(filter.getAttribute("data-records")).then(function (r) { return r.json(); }).then(function (data) {
      records = data; filter.hidden = false; filter.addEventListener("change", apply);
    }, function () { /* offline: the paged list stays as it is */ });
  }
  })(document.getElementById("gk-filter"));
  /* The search page: Pagefind's UI over every bundle of the index, running the query from the address (?q=…). */
  var search = document.getElementById("gk-search-ui");
  if (search && typeof PagefindUI === "function") {
    /* The site may live below a folder of the portal (base_url): results link from the site's root, one level up. */
    var siteRoot = new URL("..", location.href).pathname;
    var start = function (parts) {
      var ui = new PagefindUI({
        element: "#gk-search-ui", baseUrl: siteRoot, showSubResults: true, showImages: false,
        bundlePath: siteRoot + "pagefind/" + (parts[0] || ""),
        mergeIndex: parts.slice(1).map(function (part) { return { bundlePath: siteRoot + "pagefind/" + part, baseUrl: siteRoot, language: "unknown" }; }),
        /* Every word of the interface in Chinese: the merged index has no language of its own to choose them by. */
        translations: {
          placeholder: "输入要查找的内容", clear_search: "清除", load_more: "显示更多结果",
          search_label: "在本站搜索", filters_label: "筛选", zero_results: "没有找到与 [SEARCH_TERM] 相关的结果",
          many_results: "找到 [COUNT] 个与 [SEARCH_TERM] 相关的结果", one_result: "找到 [COUNT] 个与 [SEARCH_TERM] 相关的结果",
          alt_search: "没有找到与 [SEARCH_TERM] 相关的结果。下面是与 [DIFFERENT_TERM] 相关的结果",
          search_suggestion: "没有找到与 [SEARCH_TERM] 相关的结果。可以换个词再试。", searching: "正在搜索 [SEARCH_TERM]……",
          total_zero_results: "没有结果", total_one_result: "[COUNT] 个结果", total_many_results: "[COUNT] 个结果"
        },
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
      var header = document.getElementById("gk-q");  /* the header's box keeps what was asked */
      if (header) { header.value = q; }
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
    /* The index is in bundles (a year each, pagefind/parts/…), listed in gongkai-parts.json: the first is
       loaded, the others merged into it. */
    fetch(siteRoot + "pagefind/gongkai-parts.json").then(function (r) { return r.ok ? r.json() : []; }, function () { return []; })
      .then(function (parts) {
        html.removeAttribute("lang");
        return import(siteRoot + "pagefind/" + (parts[0] || "") + "pagefind.js")
          .then(function (pagefind) { return pagefind.options({ baseUrl: siteRoot }).then(function () { return pagefind.init(); }); })
          .catch(function () { /* the UI reports a missing index itself */ })
          .then(function () { html.setAttribute("lang", lang); return parts; });
      })
      .then(start);
  }
})();
