/* Type-ahead over the national list of regions: filters the list that is already on the page (which
   works without JavaScript) as the citizen types; Enter opens the region when exactly one matches. */
(function () {
  "use strict";
  var box = document.getElementById("cari-daerah-box");
  var input = document.getElementById("cari-daerah");
  var status = document.getElementById("cari-daerah-n");
  if (!box || !input || !status) return;
  var sections = Array.prototype.slice.call(document.querySelectorAll("#daftar-daerah section[data-find]"));
  box.hidden = false;
  // The names people use for regions (data-also: "solo", "jateng"): such a word means those regions only.
  var aliases = Object.create(null);
  Array.prototype.forEach.call(document.querySelectorAll("#daftar-daerah [data-also]"), function (el) {
    el.getAttribute("data-also").split(" ").forEach(function (a) { aliases[a] = 1; });
  });

  // The same reduction as akunresmi/site/textnorm.normalise for names: lower case, no accents or punctuation.
  function norm(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  // One letter missing, added, wrong, or two swapped ("surabya" is "surabaya").
  function near(a, b) {
    var i = 0;
    while (a[i] && a[i] === b[i]) i++;
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) ||
      a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }

  /* The regions matched (each to open on Enter when it is the only one: a whole province is one, its
     page lists its regencies); the count says how many regions are listed, the province's included.
     Each word typed must name the region: be in its official name (also without the name's spaces:
     "baubau" is Bau Bau), or be a name people use for it. Only when no region is found so: a word may
     name a regency's province instead ("blora jateng"); then one letter may be off. */
  function filter() {
    var words = norm(input.value).split(" ").filter(Boolean);
    var joined = words.map(function (w) { return new RegExp("(^| )" + w.split("").join(" ?")); });
    var shown, listed, pass, i, j;
    function names(el, k) {
      var w = words[k], find = el.getAttribute("data-find");
      if (aliases[w]) return (" " + el.getAttribute("data-also") + " ").indexOf(" " + w + " ") >= 0;
      return find.indexOf(w) >= 0 || joined[k].test(find) ||
        pass > 1 && w.length > 3 && find.split(" ").some(function (n) { return near(w, n); });
    }
    function matches(el, section) {
      for (var k = 0; k < words.length; k++) if (!names(el, k) && !(pass && el !== section && names(section, k))) return false;
      return true;
    }
    for (pass = 0; pass < 3; pass++) {
      shown = [];
      listed = 0;
      for (i = 0; i < sections.length; i++) {
        var section = sections[i];
        var whole = !words.length || matches(section, section);
        var items = section.querySelectorAll("li[data-find]"), any = whole;
        for (j = 0; j < items.length; j++) {
          var hit = whole || matches(items[j], section);
          items[j].hidden = !hit;
          if (hit && !whole) shown.push(items[j]);
          if (hit) listed++;
          any = any || hit;
        }
        section.hidden = !any;
        if (whole && words.length) { shown.push(section.querySelector("h2")); listed++; }
      }
      if (shown.length || !words.length) break;
    }
    if (!words.length) status.textContent = "";
    else if (!shown.length) status.textContent = input.getAttribute("data-none");
    else status.textContent = input.getAttribute("data-count").replace("{n}", String(listed));
    return shown;
  }

  input.addEventListener("input", filter);
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    var shown = filter();
    var link = shown.length === 1 && shown[0].querySelector("a");
    if (link) window.location.href = link.href;
    else if (shown.length) shown[0].querySelector("a").focus();
  });
})();
