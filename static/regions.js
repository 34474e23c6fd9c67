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

  // The same reduction as akunresmi/site/textnorm.normalise for names: lower case, no accents or punctuation.
  function norm(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  /* The regions matched (each to open on Enter when it is the only one: a whole province is one, its
     page lists its regencies); the count says how many regions are listed, the province's included. */
  function filter() {
    var words = norm(input.value).split(" ").filter(Boolean), query = words.join(" ");
    var shown = [], listed = 0, i, j;
    /* A query that is a name people use for a region (data-also: "solo") shows that region only;
       otherwise every region whose official name holds each word typed. */
    var also = document.querySelector("#daftar-daerah [data-also~='" + query.replace(/[^a-z0-9 ]/g, "") + "']") ? query : "";
    function matches(name, el) {
      if (also) return (" " + (el.getAttribute("data-also") || "") + " ").indexOf(" " + also + " ") >= 0;
      for (var k = 0; k < words.length; k++) if (name.indexOf(words[k]) < 0) return false;
      return true;
    }
    for (i = 0; i < sections.length; i++) {
      var section = sections[i];
      var whole = words.length === 0 || matches(section.getAttribute("data-find"), section);
      var items = section.querySelectorAll("li[data-find]"), any = whole;
      for (j = 0; j < items.length; j++) {
        var hit = whole || matches(items[j].getAttribute("data-find"), items[j]);
        items[j].hidden = !hit;
        if (hit && !whole) shown.push(items[j]);
        if (hit) listed++;
        any = any || hit;
      }
      section.hidden = !any;
      if (whole && words.length) { shown.push(section.querySelector("h2")); listed++; }
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
