/* Complaint search: the query is reduced exactly as akunresmi/textnorm.py reduced the index. */
(function () {
  "use strict";
  /* The normaliser, for tests that compare it with akunresmi/textnorm.py word by word. */
  window.akunResmiText = { normalise: normalise, stems: stems, canonicalise: canonicalise };
  var form = document.querySelector("form.search");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input"), out = document.getElementById("hasil");
  var root = form.dataset.root, idx = null, docs = null, loading = null;
  var MIN_STEM = 3, MIN_PREFIXED = 6, VOWELS = "aeiou";
  var PARTICLES = ["lah", "kah", "tah", "pun"], POSSESSIVES = ["nya", "ku", "mu"], SUFFIXES = ["kan", "an"];
  var PREFIXES = [["meng", "k"], ["peng", "k"], ["meny", "s"], ["peny", "s"], ["mem", "p"], ["pem", "p"],
    ["men", "t"], ["pen", "t"], ["per", "r"], ["ber", "r"], ["ter", "r"], ["me", ""], ["pe", ""],
    ["di", ""], ["ke", ""], ["se", ""]];
  var WEIGHTS = [10, 10, 2]; /* service or agency name, keywords, description */

  function normalise(s) {
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, " ").trim();
  }
  function stripEnd(w, ends) {
    for (var i = 0; i < ends.length; i++) {
      var e = ends[i];
      if (w.slice(-e.length) === e && w.length - e.length >= MIN_STEM) return w.slice(0, -e.length);
    }
    return w;
  }
  function prefixVariants(w, acc) {
    if (w.length < MIN_PREFIXED) { acc[w] = 1; return; }
    for (var i = 0; i < PREFIXES.length; i++) {
      var p = PREFIXES[i][0], sw = PREFIXES[i][1], rest = w.slice(p.length);
      if (w.indexOf(p) === 0 && rest.length >= MIN_STEM) {
        var vs = [rest];
        if (sw && (VOWELS.indexOf(rest[0]) >= 0 || sw === "r")) vs.push(sw + rest);
        vs.forEach(function (v) {
          if (v.indexOf("pe") === 0 || v.indexOf("me") === 0) prefixVariants(v, acc); else acc[v] = 1;
        });
        acc[w] = 1;
        return;
      }
    }
    acc[w] = 1;
  }
  function stems(w) {
    if (/^[0-9]+$/.test(w) || w.length <= MIN_STEM) return [w];
    w = stripEnd(stripEnd(w, PARTICLES), POSSESSIVES);
    var acc = {}, any = false;
    SUFFIXES.forEach(function (e) {
      if (w.slice(-e.length) === e && w.length - e.length >= MIN_STEM) { prefixVariants(w.slice(0, -e.length), acc); any = true; }
    });
    if (!any) prefixVariants(w, acc);
    return Object.keys(acc).sort();
  }
  function canonicalise(s, pairs) {
    var padded = " " + s + " ";
    pairs.forEach(function (p) {
      while (padded.indexOf(" " + p[0] + " ") >= 0) padded = padded.replace(" " + p[0] + " ", " " + p[1] + " ");
    });
    return padded.trim();
  }
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++; else if (b.length > a.length) j++; else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }
  function prepare(data) {
    idx = data;
    docs = data.docs.map(function (d) {
      return { a: d[0], svc: d[1], f: [d[2], d[3], d[4]].map(function (t) {
        return t ? t.split(" ").map(function (w) { return { w: w, s: data.stems[w] || [w] }; }) : [];
      }), text: [d[2], d[3], d[4]] };
    });
  }
  function wordScore(q, qs, last, field, weight) {
    var best = 0;
    field.forEach(function (x) {
      var s = 0;
      if (x.w === q) s = weight;
      else if (x.s.some(function (t) { return qs.indexOf(t) >= 0; })) s = 0.8 * weight;
      else if (last && q.length >= 3 && x.w.indexOf(q) === 0) s = 0.6 * weight;
      else if (q.length >= 5 && x.w.length >= 4 && oneEdit(q, x.w)) s = 0.5 * weight;
      if (s > best) best = s;
    });
    return best;
  }
  function search(query) {
    var words = canonicalise(normalise(query), idx.synonyms).split(" ").filter(function (w) {
      return w && idx.stopwords.indexOf(w) < 0;
    });
    if (!words.length) return [];
    var phrase = words.join(" "), byAgency = {};
    docs.forEach(function (d) {
      var total = 0;
      words.forEach(function (q, n) {
        var qs = stems(q), best = 0;
        d.f.forEach(function (field, k) { best = Math.max(best, wordScore(q, qs, n === words.length - 1, field, WEIGHTS[k])); });
        total += best;
      });
      if (words.length > 1 && d.text.some(function (t) { return (" " + t + " ").indexOf(" " + phrase + " ") >= 0; })) total += 10;
      var cur = byAgency[d.a];
      if (total > 0 && (!cur || total > cur.score)) byAgency[d.a] = { score: total, a: d.a, svc: d.svc };
    });
    return Object.keys(byAgency).map(function (k) { return byAgency[k]; }).sort(function (x, y) {
      return y.score - x.score || (idx.agencies[x.a][1] < idx.agencies[y.a][1] ? -1 : 1);
    }).slice(0, 8);
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function postLink(handle, query) {
    var a = el("a", "button", idx.text.search_post_button + " @" + handle);
    a.href = "https://x.com/intent/post?text=" +
      encodeURIComponent(idx.text.intent_text.replace("{handle}", "@" + handle) + query);
    a.rel = "noopener noreferrer";
    return a;
  }
  function show(query) {
    var hits = search(query);
    out.textContent = "";
    if (!query.trim()) return;
    out.appendChild(el("p", "help", hits.length ? idx.text.search_results_count.replace("{n}", hits.length)
      : idx.text.search_no_results));
    var ol = el("ol");
    hits.forEach(function (h) {
      var ag = idx.agencies[h.a], li = el("li"), name = el("a", "", ag[1]);
      name.href = root + "akun/" + ag[0] + "/";
      li.appendChild(name);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "badge badge-" + ag[3], idx.status[ag[3]]));
      if (h.svc) li.appendChild(el("span", "svc", idx.text.search_matched_service + ": " + h.svc));
      var target = ag[5];
      if (target === h.a) li.appendChild(postLink(ag[4], query.trim()));
      else if (target >= 0) {
        var t = idx.agencies[target], p = el("p", "", idx.text.search_route_to + " "), ta = el("a", "", t[1]);
        ta.href = root + "akun/" + t[0] + "/";
        p.appendChild(ta);
        li.appendChild(p);
        li.appendChild(postLink(t[4], query.trim()));
      }
      ol.appendChild(li);
    });
    out.appendChild(ol);
  }
  function load() {
    if (!loading) loading = fetch(form.dataset.index).then(function (r) { return r.json(); }).then(prepare);
    return loading;
  }
  function links() { return Array.prototype.slice.call(out.querySelectorAll("li > a:first-child")); }
  input.addEventListener("focus", load);
  input.addEventListener("input", function () { load().then(function () { show(input.value); }); });
  form.addEventListener("submit", function (e) {
    var first = links()[0];
    if (first) { e.preventDefault(); first.click(); }
  });
  form.addEventListener("keydown", function (e) {
    var all = links(), i = all.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!all.length) return;
      e.preventDefault();
      var next = e.key === "ArrowDown" ? Math.min(i + 1, all.length - 1) : i - 1;
      (next < 0 ? input : all[next]).focus();
    } else if (e.key === "Escape") input.focus();
  });
  document.addEventListener("keydown", function (e) {
    var tag = (document.activeElement || {}).tagName;
    if (e.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA") { e.preventDefault(); input.focus(); }
  });
  if (input.value) input.dispatchEvent(new Event("input"));
})();
