/* Complaint search: the query is reduced exactly as akunresmi/site/textnorm.py reduced the index,
   then agencies are ranked by BM25F over their names, service names and keywords. */
(function () {
  "use strict";
  /* The normaliser, for tests that compare it with textnorm.py word by word. */
  window.akunResmiText = { normalise: normalise, stems: stems, expand: expand, table: table };
  /* The index's format, which akunresmi/site/search.py writes as its INDEX_VERSION. */
  var FORMAT = 8, idx = null, MIN_STEM = 3, MIN_PREFIXED = 6, VOWELS = "aeiou",
    PARTICLES = ["lah", "kah", "tah", "pun"], POSSESSIVES = ["nya", "ku", "mu"], SUFFIXES = ["kan", "an"],
    PREFIXES = [["meng", "k"], ["peng", "k"], ["meny", "s"], ["peny", "s"], ["mem", "p"], ["pem", "p"],
    ["men", "t"], ["pen", "t"], ["per", "r"], ["ber", "r"], ["ter", "r"], ["me", ""], ["pe", ""],
    ["di", ""], ["ke", ""], ["se", ""], ["nge", ""], ["ng", "k"], ["ny", "s"], ["n", "t"]],
    /* BM25F: field weights (agency name, service names, keywords) and length normalisation. */
    W = [3, 3, 2.5], B = [0.3, 0.5, 0.5], K1 = 1.2,
    /* How a query word may match an index word: exact, by stem, as a prefix while typing, by one typo. */
    EXACT = 1, STEM = 0.8, PREFIX = 0.6, TYPO = 0.5, MIN_TYPO = 5,
    /* The confidence model. Found when the query words that are evidence for the best agency carry at
       least FOUND of the weight of those words and the words against any agency; clearly first when
       AHEAD times the second's score. Evidence: a word that matches the agency's name, a service or a
       keyword, is not an everyday word (idx.common) and is not shared by more than SHARED of the
       agencies. Against: a word that names a body outside the regency (idx.outside), at OUT times the
       weight of the rarest word (naming the body says whose matter it is; the words of one outside phrase
       share that weight), and a word the directory never uses, at UNKNOWN of it (unless it is an everyday
       word or a number; MAX_UNKNOWN such words at most). Everyday words still rank, at DAMP of their score. */
    FOUND = 0.5, AHEAD = 1.25, MAX_POST = 280, SHARED = 0.25, UNKNOWN = 0.25, MAX_UNKNOWN = 3, DAMP = 0.5, OUT = 2,
    // A word in one or two agencies is specific whatever the directory's size (a new region has few).
    FEW = 2,
    /* The agency a query names by its own name ranks NAMED times its score. */
    NAMED = 1.5,
    /* The first of the best SURE_IN agencies that is sure comes first ("perdagangan orang, … ke luar
       negeri" ranks the migrant workers' office on everyday words, but only DP3AP2KB has evidence). */
    SURE_IN = 3,
    A, avg, df, vocab, stemmed, everyday, N, known, knownList, ownNames, adjacent, spelt = null, spelling = "";
  var form = document.querySelector("form.search");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input"), out = document.getElementById("hasil"), help = document.getElementById("q-help");
  var root = form.dataset.root, loading = null, last = null;

  function normalise(s) {
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, " ")
      .replace(/([aeiou])\1{2,}/g, "$1").replace(/([a-z])\1{2,}\b/g, "$1").replace(/\b([a-z]*[aeiou][a-z]+)2([a-z]*)\b/g, "$1$2").trim();
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
  /* The words, then the concept of each synonym phrase present: synonyms add, never replace. */
  function expand(text, pairs) {
    var found = text ? text.split(" ") : [], present = {}, padded = " " + text + " ";
    found.forEach(function (w) { present[w] = 1; });
    pairs.forEach(function (p) {
      if (present[p[0].split(" ")[0]] && !present[p[1]] && padded.indexOf(" " + p[0] + " ") >= 0) {
        found.push(p[1]);
        present[p[1]] = 1;
      }
    });
    return found;
  }
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      /* Two neighbouring letters swapped (puskesmsa) count as one slip. */
      if (a.length === b.length && a[i] === b[j + 1] && a[i + 1] === b[j]) { i += 2; j += 2; }
      else if (a.length > b.length) i++; else if (b.length > a.length) j++; else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }
  /* a and b, words of four letters, differ by two neighbours swapped after the first letter (ppbd, ppdb). */
  function swapped(a, b) {
    var i = 1;
    while (a[i] === b[i] && i < 4) i++;
    return a.length === 4 && b.length === 4 && a[0] === b[0] && i < 3 && a[i] === b[i + 1] && a[i + 1] === b[i] && a[i + 2] === b[i + 2];
  }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  /* textnorm.synonym_table */
  function table(groups) {
    var seen = {}, pairs = [];
    groups.forEach(function (g) {
      var ms = g.map(normalise), concept = ms[0].split(" ").join("_");
      ms.forEach(function (m) {
        if (m && m !== concept && !seen[m + "|" + concept]) { seen[m + "|" + concept] = 1; pairs.push([m, concept]); }
      });
    });
    return pairs.sort(function (x, y) { return y[0].length - x[0].length || cmp(x[0], y[0]) || cmp(x[1], y[1]); });
  }
  /* A word list as search.py's front_coded writes it: "a 1bout 1d" is a, about, ad (a digit, below "a", is
     the number of letters taken from the word before). */
  function unfront(s, sep) {
    var w = "";
    return s.split(sep).map(function (x) { return (w = x[0] < "a" ? w.slice(0, x[0]) + x.slice(1) : x); });
  }
  /* Each agency becomes one BM25F document: its name and all its services, field by field, with
     the concepts of the synonym phrases in each field (textnorm.expand). */
  function prepare(data) {
    idx = data;
    idx.synonyms = table(data.synonyms);
    idx.stopwords = unfront(data.stopwords, " ");
    idx.common = unfront(data.common, " ");
    idx.outside = unfront(data.outside, ",");
    idx.sos = [].concat.apply([], data.emergency.map(function (e) { return e[2]; }));  // every emergency's words
    N = data.agencies.length;
    A = data.agencies.map(function () { return { tf: [{}, {}, {}], len: [0, 0, 0], svcs: [] }; });
    df = {};
    adjacent = {};
    /* An agency's documents: its name field (its name, short name and X handle: a post tags it, "@bpbdblora
       banjir …"), then its services' [name, keywords], then ["", its search words] when it has some, which
       count as its name does (search.py). */
    data.agencies.forEach(function (ag, i) { [["", normalise(ag[1] + " " + ag[2] + " " + ag[4])]].concat(data.docs[i]).forEach(function (d) {
      var a = A[i], svc = { name: d[0], f: [] };
      /* Two spaces in a service's keywords end one where an outside word ends it or begins the next
         (search.py): those two words are not a phrase of the directory's. */
      (d[0] ? [null, normalise(d[0]), d[1].replace(/  /g, " ")] : [d[1], null, null]).forEach(function (t, k) {
        if (!t) return;
        var ws = expand(t, idx.synonyms);
        svc.f.push(ws);
        if (k === 1 || k === 2) (k > 1 ? d[1] : t).split("  ").forEach(function (p) {
          p.split(" ").forEach(function (w, n, all) {
            if (n) adjacent[all[n - 1] + " " + w] = adjacent[w + " " + all[n - 1]] = 1;
          });
        });
        ws.forEach(function (w) { a.tf[k][w] = (a.tf[k][w] || 0) + 1; });
        a.len[k] += ws.length;
      });
      a.svcs.push(svc);
    }); });
    avg = [0, 1, 2].map(function (k) {
      return A.reduce(function (s, a) { return s + a.len[k]; }, 0) / N || 1;
    });
    A.forEach(function (a) {
      var seen = {};
      a.tf.forEach(function (f) { Object.keys(f).forEach(function (w) { seen[w] = 1; }); });
      Object.keys(seen).forEach(function (w) { df[w] = (df[w] || 0) + 1; });
    });
    vocab = Object.keys(df);
    /* The index's words are stemmed here, the same way textnorm.py would (tests/test_search.py). */
    stemmed = {};
    vocab.forEach(function (t) { stemmed[t] = stems(t); });
    everyday = Object.create(null);
    data.common.forEach(function (w) { everyday[w] = 1; });
    known = Object.create(null);
    vocab.concat(data.places, data.region, data.outside, data.nearby, idx.synonyms.map(function (p) { return p[0]; }),
      idx.sos)  // "sesak napas": no plural of napa
      .forEach(function (p) { p.split(" ").forEach(function (w) { known[w] = 1; }); });
    idx.stopwords.concat(idx.common).forEach(function (w) { known[w] = 2; });  // everyday: preferred
    /* Each agency's own names: its name and short name without the region's words, and its X handle,
       where no other agency has the same ("rsud", "bupati", "dinas sosial", "dinsos"; not "kecamatan"). */
    var names = data.agencies.map(function (ag) {
      return [ag[1], ag[2]].map(function (n) {
        return normalise(n).split(" ").filter(function (w) { return data.region.indexOf(w) < 0; }).join(" ");
      }).concat([normalise(ag[4])]).filter(function (n, k, both) { return n && both.indexOf(n) === k; });
    }), count = {};
    names.forEach(function (ns) { ns.forEach(function (n) { count[n] = (count[n] || 0) + 1; }); });
    ownNames = names.map(function (ns) { return ns.filter(function (n) { return count[n] === 1; }); });
    knownList = Object.keys(known).sort();
    spelt = null;
  }
  function common(w) { return everyday[w] === 1; }
  /* An everyday or stop word, as a stem of an unknown word ("ngantri" is "antri"). */
  function plain(s) { return common(s) || idx.stopwords.indexOf(s) >= 0; }
  /* q is t without some vowels (jln, rusk). */
  function vowelless(q, t) {
    var j = 0;
    for (var i = 0; i < t.length; i++) {
      if (t[i] === q[j]) j++;
      else if (VOWELS.indexOf(t[i]) < 0) return false;
    }
    return j === q.length && t.length > q.length;
  }
  /* An unknown word becomes the known word it shortens, with the same first letter, the shortest, a stop
     or everyday word first (docs/search.md, "respelling"); a last word that begins a known word is
     still being typed. */
  function respell(text) {
    var ws = text ? text.split(" ") : [];
    return ws.map(function (w, n) {
      if (known[w] || w.length < 3 || /[0-9]/.test(w)) return w;
      if (/(.)\1$|s$/.test(w) && known[w.slice(0, -1)]) return w.slice(0, -1);  // a key held once more (ktpp), English -s
      if (/ne$/.test(w) && known[w.slice(0, -2)]) return w.slice(0, -2);
      if (/e$/.test(w) && known[w.slice(0, -1)]) return w.slice(0, -1);
      if (/in$/.test(w) && w.length >= 6) return w.slice(0, -2) + "kan";
      if (/^m[aeiou]/.test(w) && known["me" + w]) return "me" + w;  // spoken mukul: memukul
      var best = "";
      for (var i = 0; i < knownList.length; i++) {
        var k = knownList[i];
        if (n === ws.length - 1 && k.indexOf(w) === 0) return w;
        if (k[0] === w[0] && (!best || k.length < best.length || (k.length === best.length && known[k] > known[best])) &&
            vowelless(w, k)) best = k;
      }
      return best || w;
    }).join(" ");
  }
  /* The query as the index spells it, made once per query: several steps ask for it. */
  function spelled(query) {
    if (query !== spelt) { spelt = query; spelling = respell(normalise(query)); }
    return spelling;
  }
  function idf(n) { return Math.log(1 + (N - n + 0.5) / (n + 0.5)); }
  /* Index words a query word matches, with the strength of each match. */
  function matches(q, isLast, whole) {
    var qs = stems(q), m = {}, strong = !!df[q];
    if (strong) m[q] = EXACT;
    vocab.forEach(function (t) {
      if (t !== q && stemmed[t].some(function (s) { return qs.indexOf(s) >= 0; })) { m[t] = STEM; strong = true; }
    });
    if (strong || whole) return m;
    vocab.forEach(function (t) {
      if (isLast && q.length >= 3 && t.indexOf(q) === 0) m[t] = PREFIX;
      /* A typo only for a word with no real match, long enough that one slip is unambiguous; in a word of
         four letters only two neighbours swapped after the first (ppbd: ppdb). */
      else if (q.length >= MIN_TYPO && t.length >= MIN_TYPO && oneEdit(q, t) || swapped(q, t)) m[t] = TYPO;
    });
    return m;
  }
  function bm25f(t, a) {
    var tf = 0;
    for (var k = 0; k < 3; k++) {
      var n = a.tf[k][t];
      if (n) tf += W[k] * n / (1 - B[k] + B[k] * a.len[k] / avg[k]);
    }
    return tf ? idf(df[t]) * tf * (K1 + 1) / (K1 + tf) : 0;
  }
  /* The words that name the kecamatan office itself. */
  function office(w) { return w === "kecamatan" || w === "kec" || w === "camat" || w === "kelurahan"; }
  /* The region's own name says nothing about the agency ("ktp blora"), except in the name of the
     kecamatan that shares it ("kecamatan blora"). */
  function queryWords(query) {
    var text = spelled(query), t = wordsOf(text);
    /* The concepts of phrases that end in a particle or possessive are the query's too. */
    var seen = {}, words = expand(text, idx.synonyms).concat(expand(t.bare.join(" "), idx.synonyms).slice(t.ws.length));
    var keepRegion = words.some(office);
    return words.filter(function (w) {
      if (!w || seen[w] || idx.stopwords.indexOf(w) >= 0 || (!keepRegion && idx.region.indexOf(w) >= 0)) return false;
      return (seen[w] = true);
    });
  }
  /* Two query words next to each other (or one word apart) in one field of one service. */
  function near(ws, ma, mb) {
    for (var p = 0; p < ws.length; p++) {
      if (ma[ws[p]] >= STEM && (mb[ws[p + 1]] >= STEM || mb[ws[p + 2]] >= STEM)) return true;
    }
    return false;
  }
  /* A word without its particle and possessive ("tidurnya": tidur), so that a phrase ending in one
     is still the phrase ("polisi tidurnya" is a speed bump, "dipukuli suaminya" violence). */
  function bare(w) { return stripEnd(stripEnd(w, PARTICLES), POSSESSIVES); }
  function wordsOf(text) {
    var ws = text ? text.split(" ") : [];
    return { ws: ws, bare: ws.map(bare) };
  }
  /* Calls f(i, e) for each place where the words i to e of t are the phrase p, each word as written or bare. */
  function each(t, p, f) {
    var ps = p.split(" ");
    for (var i = 0; i + ps.length <= t.ws.length; i++) {
      for (var k = 0; k < ps.length && (t.ws[i + k] === ps[k] || t.bare[i + k] === ps[k]); k++);
      if (k === ps.length) f(i, i + k);
    }
  }
  /* The words of the query that belong to one of the phrases given, each phrase matched whole. */
  function within(query, phrases) {
    var t = wordsOf(spelled(query)), found = {};
    phrases.forEach(function (p) {
      each(t, p, function (i, e) { for (; i < e; i++) found[t.ws[i]] = 1; });
    });
    return found;
  }
  /* The words of the outside phrases in the query (each with its share of its phrase: "buku nikah" names
     the KUA once, not twice), except where the query says one as part of a longer
     synonym phrase (polisi tidur is a speed bump, not the police; "perlintasan kereta api …, kereta apinya
     ngebut" names the crossing's train twice) or, a phrase of one word, of a service's name or
     keywords, with a word next to it that is not a stop word ("registrasi sim card" is Dukcapil's,
     "sim" alone the police's), or rules it out (selain polisi: those go into `ruled`, and the query
     drops them), or names it as a landmark (depan stasiun, dekat pasar: where, not whose), or as a crime
     a place is prone to that the page already answers with its emergency number (gelap rawan begal: the
     street light is the matter; not "rawan narkoba", whose matter is the narcotics). */
  function outside(query, ruled) {
    var t = wordsOf(spelled(query)), spans = [], found = {}, here = 0;
    idx.synonyms.forEach(function (p) { each(t, p[0], function (i, e) { spans.push([i, e]); }); });
    /* A neighbouring region (idx.nearby) is one more body outside, unless the query names this one too. */
    each(t, idx.here, function () { here = 1; });
    idx.outside.concat(here ? [] : idx.nearby).forEach(function (p) {
      var at = [];
      each(t, p, function (i, e) { at.push([i, e]); });
      var part = at.some(function (o) {
        return spans.some(function (s) { return s[0] <= o[0] && o[1] <= s[1] && s[1] - s[0] > o[1] - o[0]; }) ||
          o[1] - o[0] === 1 && (served(t, o[0] - 1, o[0] - 1) || served(t, o[0], o[1]));
      });
      at.forEach(function (o) {
        if (/^(depan|dekat|samping|sebelah|seberang|belakang|sekitar|pinggir)$/.test(t.ws[o[0] - 1]) ||
            t.ws[o[0] - 1] === "rawan" && t.ws.slice(o[0], o[1]).every(function (w) { return idx.sos.indexOf(w) >= 0; })) return;
        var not = /^(selain|kecuali|bukan)$/.test(t.ws[o[0] - 1]);
        if (not) for (var j = o[0]; j < o[1]; j++) ruled[t.ws[j]] = 1;
        else if (!part) for (j = o[0]; j < o[1]; j++) found[t.ws[j]] = Math.max(found[t.ws[j]] || 0, 1 / (o[1] - o[0]));
      });
    });
    return found;
  }
  /* The words i and i + 1 of t are next to each other, in either order, in a service's name or keywords
     ("spbu takarannya kurang" and the keyword "takaran SPBU": metrology's), and word n, the one of them
     not in the outside phrase, is no stop word. */
  function served(t, i, n) {
    if (i < 0 || i + 1 >= t.ws.length || idx.stopwords.indexOf(t.ws[n]) >= 0) return false;
    return !!(adjacent[t.ws[i] + " " + t.ws[i + 1]] || adjacent[t.bare[i] + " " + t.bare[i + 1]]);
  }
  function rank(query) {
    var ruled = {}, said = within(query, idx.synonyms.map(function (p) { return p[0]; })
      .concat(idx.sos)), out = outside(query, ruled);
    var words = queryWords(query).filter(function (w) { return !ruled[w]; });
    if (!words.length) return { hits: [], words: 0 };
    /* A word of a phrase the query says whole (a synonym's, an emergency's) is that word: no typo or prefix of another ("sesak napas", not "aliran sesat"). */
    var ms = words.map(function (q, n) { return matches(q, n === words.length - 1, said[q]); });
    /* A place (a kecamatan's name) says where, not what: it counts only when the query names the
       kecamatan itself or says nothing else the directory knows ("jalan rusak di cepu" is for DPU). */
    var named = words.some(office);
    var other = ms.some(function (m, j) { return idx.places.indexOf(words[j]) < 0 && Object.keys(m).length; });
    var where = {};
    if (!named && other) ms = ms.map(function (m, j) { return idx.places.indexOf(words[j]) < 0 ? m : (where[j] = 1, {}); });
    /* A word weighs as its rarest match; an outside phrase OUT times what the rarest word could; a word
       that matches nothing UNKNOWN of the rarest word (it may be the whole point, "paspor", or a detail,
       "subuh"), and nothing when it is an everyday word (or stems to one, or to a stop word), a number
       ("umur 15"), a place left out above, part of a synonym phrase the query contains or an emergency's
       word (the page answers it with the number). */
    var weights = ms.map(function (m, j) {
      var best = 0;
      Object.keys(m).forEach(function (t) { best = Math.max(best, m[t] * idf(df[t])); });
      return out[words[j]] ? OUT * idf(0) * out[words[j]] : best || (common(words[j]) || stems(words[j]).some(plain) || said[words[j]] || where[j] || /[0-9]/.test(words[j]) ? 0 : UNKNOWN * idf(0));
    });
    /* Weight against any agency: those that name an outside body, and the words that match nothing, the
       first MAX_UNKNOWN of them: a long story's further unknown words ("kerupuk", "renyah", "wajar") are
       its details, not more evidence that no agency handles it. */
    var unknown = 0, against = weights.reduce(function (s, x, j) {
      return s + (out[words[j]] || !Object.keys(ms[j]).length && x && unknown++ < MAX_UNKNOWN ? x : 0);
    }, 0), hits = [];
    /* The concept of a one-word synonym is another name for that word, not more evidence ("spmb" is
       "ppdb"): such concepts and their words are joined in groups, and a group counts as the larger of its
       words together and its best concept. (A phrase of several words matched whole says more than its
       words, and its concept counts besides them: "akta kelahiran".) */
    var group = words.map(function (w, j) { return j; }), concept = {};
    function head(j) { return group[j] === j ? j : head(group[j]); }
    words.forEach(function (w, j) {
      idx.synonyms.forEach(function (p) {
        var k = words.indexOf(p[0]);  // a phrase of several words is never one query word
        if (p[1] === w && k >= 0 && k !== j) { concept[j] = 1; group[head(k)] = head(j); }
      });
    });
    A.forEach(function (a, i) {
      var score = 0, evidence = 0, n = 0, sum = {}, alt = {};
      ms.forEach(function (m, j) {
        var best = 0, strong = false, g = head(j);
        Object.keys(m).forEach(function (t) {
          best = Math.max(best, m[t] * bm25f(t, a) * (common(words[j]) || common(t) ? DAMP : 1));
          if (!out[words[j]] && !common(words[j]) && !common(t) && df[t] <= Math.max(SHARED * N, FEW) &&
              (a.tf[0][t] || a.tf[1][t] || a.tf[2][t])) strong = true;
        });
        if (best) { score += best; n++; }
        if (strong && concept[j]) alt[g] = Math.max(alt[g] || 0, weights[j]);
        else if (strong) sum[g] = (sum[g] || 0) + weights[j];
      });
      words.forEach(function (w, g) { evidence += Math.max(sum[g] || 0, alt[g] || 0); });
      if (!score) return;
      var svc = "", svcBest = 0;
      a.svcs.forEach(function (s) {
        var hit = 0;
        ms.forEach(function (m, j) {
          if (s.f.some(function (ws) { return ws.some(function (w) { return m[w]; }); })) hit += weights[j];
          if (j && s.f.some(function (ws) { return near(ws, ms[j - 1], m); })) score += 0.5 * Math.min(weights[j - 1], weights[j]);
        });
        if (s.name && hit > svcBest) { svcBest = hit; svc = s.name; }
      });
      hits.push({ a: i, score: score, sure: evidence / (evidence + against || 1), n: n, size: a.svcs.length, svc: svc });
    });
    /* The agency the query names is the one it is addressed to ("makasih perawat rsud …", "surat
       terbuka buat bupati …"). */
    var addressed = namedIn(query);
    hits.forEach(function (h) { if (addressed[h.a]) h.score *= NAMED; });
    /* Ties go to the agency that covers more of the query, then to the more specific one. */
    hits.sort(function (x, y) { return y.score - x.score || y.n - x.n || x.size - y.size || x.a - y.a; });
    return { hits: hits.slice(0, 8), words: words.length };
  }
  /* The agencies the query names by a name of their own; where one such name is part of another the
     query says ("wakil bupati" holds "bupati"), only the longer one's agency. */
  function namedIn(query) {
    var q = " " + spelled(query) + " ", said = [], found = {};
    ownNames.forEach(function (ns, i) {
      ns.forEach(function (n) { if (q.indexOf(" " + n + " ") >= 0) said.push([i, n]); });
    });
    said.forEach(function (s) {
      if (!said.some(function (o) { return o[1] !== s[1] && (" " + o[1] + " ").indexOf(" " + s[1] + " ") >= 0; })) found[s[0]] = 1;
    });
    return found;
  }
  /* The ranked agencies, whether the best is confident enough to show, and whether it is clearly first. */
  function answer(query) {
    var hits = rank(query).hits, k = 0;
    while (k < SURE_IN && hits[k] && !(hits[k].sure > 0 && hits[k].sure >= FOUND)) k++;
    if (k === SURE_IN || !hits[k]) return { hits: hits, found: false, clear: false };
    if (k) hits.unshift(hits.splice(k, 1)[0]);
    /* The others only from a fifth of its score: below that, a card had a word in common ("ktp hilang":
       the library's lost books), six cards a complaint on average; no set lost a right answer from the
       first three when they went (docs/search.md). */
    hits = hits.filter(function (h) { return h.score * 5 >= hits[0].score; });
    return { hits: hits, found: true, clear: !hits[1] || hits[0].score >= AHEAD * hits[1].score };
  }
  /* An emergency word, or a word of the same stem ("kebakaran" ~ "terbakar"). A word of the same stem
     that is part of an everyday phrase of the synonyms ("sampah dibakar", "demam berdarah", "akta
     kelahiran") or of a body outside the regency ("stok darah", "donor darah": PMI) names that, not an
     emergency; the emergency words themselves always count. */
  function emergencies(query) {
    var t = wordsOf(normalise(query)), qstems = [];
    var phrased = within(query, idx.synonyms.map(function (p) { return p[0]; }).concat(idx.outside)
      .filter(function (p) { return p.indexOf(" ") > 0; }));
    t.ws.forEach(function (w) { if (w.length > 4 && !phrased[w]) qstems = qstems.concat(stems(w)); });
    return idx.emergency.filter(function (e) {
      return e[2].some(function (w) {
        var said = false;
        each(t, w, function () { said = true; });
        if (said) return true;
        return w.indexOf(" ") < 0 && stems(w).some(function (s) { return qstems.indexOf(s) >= 0; });
      });
    });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function link(text, href, cls) {
    var a = el("a", cls, text);
    a.href = href;
    return a;
  }
  /* A post to X within its 280 characters as X counts them (twitter-text's rules): a code point from U+1100
     on (an emoji, "\u2026") counts two, a link 23 however short. Here a word with a dot and letters after it
     counts as a link, at least 23, and the few signs after U+1100 that X counts once count two: the count
     is never below X's. The complaint is shortened, between code points and before a link, never the names. */
  var LINK = "\\S+\\.[a-z]{2,}\\S*";
  function xlen(s) {
    return s.replace(RegExp(LINK, "gi"), function (u) { return u.padEnd(23); }).replace(/[\u1100-\ud7ff\ue000-\uffff]/g, "--").length;
  }
  function postText(handle, agency, query) {
    var t = idx.text, body = (agency ? t.intent_text_fallback.replace("{agency}", agency) : t.intent_text + "{query}")
      .replace("{handle}", "@" + handle), room = MAX_POST + 7 - xlen(body);  // 7: "{query}"
    if (xlen(query) > room) {
      query = query.match(RegExp(LINK + "|[^]", "giu")).filter(function (c) { return (room -= xlen(c)) >= 2; }).join("") + "\u2026";
    }
    return body.split("{query}").join(query);
  }
  function postLink(label, handle, agency, query) {
    var a = link(label + " @" + handle, "https://x.com/intent/post?text=" +
      encodeURIComponent(postText(handle, agency, query)), "button");
    a.rel = "noopener noreferrer";
    return a;
  }
  function page(i) { return root + "akun/" + idx.agencies[i][0] + "/"; }
  function card(h, query, li) {
    var t = idx.text, ag = idx.agencies[h.a], badge = ag[3];
    li.appendChild(link(ag[1], page(h.a)));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("span", "badge badge-" + badge, idx.status[badge] || t["search_badge_" + badge]));
    if (ag[7]) {
      li.appendChild(document.createTextNode(" "));
      var checked = el("span", "checked", t.search_checked.replace("{date}", ag[7]));
      if (ag[8]) checked.appendChild(el("strong", "stale", " \u00b7 " + t.badge_stale));
      li.appendChild(checked);
    }
    if (h.svc) li.appendChild(el("span", "svc", t.search_matched_service + ": " + h.svc));
    var reason = el("p", "reason", t["route_reason_" + ag[6]]), target = ag[5];
    li.appendChild(reason);
    if (ag[9]) li.appendChild(el("p", "warn", t.possibly_silent));  // the agency page's words (views.is_possibly_silent)
    if (target === h.a) li.appendChild(postLink(t.search_post_button, ag[4], "", query));
    else if (target >= 0) {
      reason.appendChild(document.createTextNode(" "));
      reason.appendChild(link(idx.agencies[target][1], page(target)));
      li.appendChild(postLink(t.search_post_button, idx.agencies[target][4], ag[1], query));
    } else if (idx.up) {  // a national build: the province's account takes over (docs/national.md)
      reason.appendChild(document.createTextNode(" "));
      reason.appendChild(link(idx.up[0] + " (" + idx.up[3] + ")", idx.up[2]));
      li.appendChild(postLink(t.search_post_button, idx.up[1], ag[1], query));
    } else if (idx.lapor.length) {
      var p = el("p", "", t.search_no_target + " ");
      p.appendChild(link(idx.lapor[0][0], idx.lapor[0][1]));
      li.appendChild(p);
    }
  }
  function notFound(query) {
    var t = idx.text, box = el("div", "not-found"), ul = el("ul"), f = idx.agencies[idx.fallback];
    box.appendChild(el("p", "help", t.search_not_found));
    box.appendChild(el("p", "", t.search_next_step));
    if (f && f[5] === idx.fallback) ul.appendChild(el("li")).appendChild(postLink(t.search_ask_fallback, f[4], "", query));
    else if (idx.up) ul.appendChild(el("li")).appendChild(postLink(t.search_ask_fallback, idx.up[1], "", query));
    idx.lapor.forEach(function (c) { ul.appendChild(el("li")).appendChild(link(c[0], c[1])); });
    box.appendChild(ul);
    return box;
  }
  /* `typing`: the box changed; a verdict of "not found" waits for a query longer than two letters, so
     that "kt" on the way to "ktp" does not say no agency handles it. */
  function show(query, typing) {
    out.textContent = "";
    last = null;
    query = query.trim();
    if (!query) return;
    /* Links and e-mail addresses say where to look, not what about: the post keeps them, the search does not. */
    var words = query.replace(/\S*(\w@|:\/\/|www\.)\S*|\S+\.[a-z]{2,}\/\S*/gi, " ");
    emergencies(words).forEach(function (e) {
      var p = el("p", "emergency");
      p.appendChild(link(idx.text.search_emergency.replace("{number}", e[0]), "tel:" + e[0], "button"));
      p.appendChild(document.createTextNode(" " + e[1]));
      out.appendChild(p);
    });
    var r = answer(words), hits = r.hits, clear = r.clear;
    if (!r.found) { if (!typing || query.length > 2) out.appendChild(notFound(query)); return; }
    out.appendChild(el("p", "help", idx.text.search_results_count.replace("{n}", hits.length) +
      (clear ? "" : " " + idx.text.search_unsure)));
    var ol = el("ol");
    /* A card that cannot be made whole (a fault in the index or here) keeps what was made, its agency's name
       first, and the other cards stay: once an emoji cut in two emptied the whole answer. */
    hits.forEach(function (h) {
      try { card(h, query, ol.appendChild(el("li"))); } catch (e) {}
    });
    out.appendChild(ol);
    last = { clear: clear };
  }
  /* An index of another format is a copy cached before a deploy: it is fetched once more past the cache,
     and if it is still another (this script is the stale one), the form works as it does without it. */
  function load() {
    if (!loading) loading = get("default").then(function (data) { return data.v === FORMAT ? data : get("reload"); })
      .then(function (data) { if (data.v !== FORMAT) throw data.v; prepare(data); });
    return loading;
  }
  function get(cache) { return fetch(form.dataset.index, { cache: cache }).then(function (r) { return r.json(); }); }
  /* The query lives in the URL, so a search can be shared and Back brings it back. */
  function remember(q) {
    var url = location.pathname + (q.trim() ? "?q=" + encodeURIComponent(q) : "");
    if (url !== location.pathname + location.search) history.replaceState(null, "", url);
  }
  function fromUrl() {
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    load().then(function () { show(q); });
  }
  function links() { return Array.prototype.slice.call(out.querySelectorAll("li > a:first-child")); }
  input.addEventListener("focus", load);
  /* On a phone the answer came below the fold, under the keyboard: once there is one, the box goes to the
     top of the screen, and the line on how the box works (read once) makes room for it. */
  input.addEventListener("input", function () {
    remember(input.value);
    load().then(function () {
      show(input.value, true);
      if (help) help.hidden = !!out.firstChild;
      var top = form.getBoundingClientRect().top;
      if (out.firstChild && innerWidth < 600 && top > 0) scrollBy(0, top);
    });
  });
  /* Enter opens the first result only when it is clearly ahead; otherwise it moves to the results.
     In an emergency it moves to the phone number, which comes before any page. */
  /* Before the index has come, Enter waits for it; if it cannot come, the form goes where it goes without
     the script (the topic index). */
  function enter() {
    show(input.value);
    var first = links()[0], call = out.querySelector("p.emergency a");
    if (call) call.focus();
    else if (first && last && last.clear) first.click();
    else if (out.firstChild) {
      var target = first || out.querySelector("a") || out;
      if (target === out) out.tabIndex = -1;
      target.focus();
    }
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (idx) enter();
    else load().then(enter, function () { form.submit(); });
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
  window.addEventListener("popstate", fromUrl);
  if (location.search.indexOf("q=") >= 0) fromUrl();
  else if (input.value) input.dispatchEvent(new Event("input"));
})();
