/* Turns <time class="ago" datetime="YYYY-MM-DD"> into "3 hari lalu", by the reader's own clock. */
(function () {
  "use strict";
  var now = new Date();
  var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  document.querySelectorAll("time.ago").forEach(function (el) {
    var p = (el.getAttribute("datetime") || "").split("-");
    var n = Math.round((today - Date.UTC(+p[0], +p[1] - 1, +p[2])) / 864e5);
    if (p.length !== 3 || isNaN(n) || n < 0) return;
    el.title = el.textContent;
    el.textContent = n === 0 ? el.dataset.today : el.dataset.days.replace("{n}", String(n));
  });
})();
