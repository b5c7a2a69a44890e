// brygge's search client, loaded by brygge.js when a reader first uses the
// search box. It reads the language's index (written by src/search.rs
// under `_search/`): the term shards a query needs, then the text chunks of
// the best pages, and shows each page with the section that matched and
// the words around the match. Words are stemmed as the index was, with the
// Snowball algorithms (Norwegian, English), ported here from their
// definitions (snowballstem.org) and checked against the Rust crate that
// built the index (tests/browser.rs).
(function () {
  "use strict";

  // ---------- Snowball: Norwegian ----------
  var NB_V = "aeiouyæåø";
  var NB_S_ENDING = "bcdfghjlmnoprtvyz";
  var NB_MAIN = ["hetenes", "hetene", "hetens", "heten", "heter", "endes", "edes", "ande", "ende",
    "enes", "erte", "ede", "ane", "ene", "ens", "ers", "ets", "het", "ast", "ert", "en", "ar",
    "er", "as", "es", "et", "a", "e", "s"];
  var NB_OTHER = ["hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig"];

  function endsWith(w, suffix) {
    if (suffix.length > w.length) return false;
    for (var i = 0; i < suffix.length; i++) {
      if (w[w.length - suffix.length + i] !== suffix[i]) return false;
    }
    return true;
  }

  function longest(w, list, from) {
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (w.length - s.length >= from && endsWith(w, s)) return s;
    }
    return null;
  }

  function stemNorwegian(word) {
    var w = Array.from(word);
    var n = w.length;
    var p1 = n;
    if (n >= 3) {
      var i = 0;
      while (i < n && NB_V.indexOf(w[i]) < 0) i++;
      while (i < n && NB_V.indexOf(w[i]) >= 0) i++;
      if (i < n) p1 = Math.max(i + 1, 3);
    }
    var s = longest(w, NB_MAIN, p1);
    if (s !== null) {
      var start = w.length - s.length;
      if (s === "s") {
        var before = w[start - 1];
        var ok = before !== undefined && NB_S_ENDING.indexOf(before) >= 0;
        if (!ok && before === "k") {
          var c = w[start - 2];
          ok = c !== undefined && NB_V.indexOf(c) < 0;
        }
        if (ok) w.length = start;
      } else if (s === "erte" || s === "ert") {
        w.length = start;
        w.push("e", "r");
      } else {
        w.length = start;
      }
    }
    if (w.length - 2 >= p1 && (endsWith(w, ["d", "t"]) || endsWith(w, ["v", "t"]))) w.length -= 1;
    s = longest(w, NB_OTHER, p1);
    if (s !== null) w.length -= s.length;
    return w.join("");
  }

  // ---------- Snowball: English (Porter2) ----------
  var V = "aeiouy";
  var V_WXY = "aeiouywxY";
  var VALID_LI = "cdeghkmnrt";
  var EXCEPTION1 = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl",
    sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias",
    andes: "andes"
  };
  var EXCEPTION2 = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var STEP1A = ["sses", "ied", "ies", "us", "ss", "s"];
  var STEP1B = ["eedly", "ingly", "edly", "eed", "ing", "ed"];
  var STEP2 = ["ization", "ational", "fulness", "ousness", "iveness", "tional", "biliti",
    "lessli", "entli", "ation", "alism", "aliti", "ousli", "iviti", "fulli", "enci", "anci",
    "abli", "izer", "ator", "alli", "bli", "ogi", "li"];
  var STEP2_TO = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize",
    ization: "ize", ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al",
    alli: "al", fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive",
    biliti: "ble", bli: "ble", fulli: "ful", lessli: "less"
  };
  var STEP3 = ["ational", "tional", "alize", "icate", "iciti", "ative", "ical", "ness", "ful"];
  var STEP3_TO = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "" };
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"];

  function isV(c) { return c !== undefined && V.indexOf(c) >= 0; }
  function nonV(c) { return c !== undefined && V.indexOf(c) < 0; }

  function replaceEnd(w, length, by) {
    w.length -= length;
    for (var i = 0; i < by.length; i++) w.push(by[i]);
  }

  // A short syllable ends just before position k.
  // (read backwards: a non-vowel other than w, x, Y; a vowel; a non-vowel
  // or the start of the word).
  function shortv(w, k) {
    if (!isV(w[k - 2])) return false;
    var last = w[k - 1];
    if (last !== undefined && V_WXY.indexOf(last) < 0 && nonV(w[k - 3])) return true;
    return nonV(last) && k - 2 === 0;
  }

  // The first index after a vowel followed by a non-vowel, from `from`.
  function region(w, from) {
    var i = from;
    while (i < w.length && !isV(w[i])) i++;
    if (i >= w.length) return w.length;
    i++;
    while (i < w.length && isV(w[i])) i++;
    return i >= w.length ? w.length : i + 1;
  }

  function stemEnglish(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTION1, word)) return EXCEPTION1[word];
    var w = Array.from(word);
    if (w.length < 3) return word;
    var yFound = false;
    if (w[0] === "'") w.shift();
    if (w[0] === "y") { w[0] = "Y"; yFound = true; }
    for (var i = 1; i < w.length; i++) {
      if (w[i] === "y" && isV(w[i - 1])) { w[i] = "Y"; yFound = true; }
    }
    var text = w.join("");
    var prefix = ["gener", "commun", "arsen"].filter(function (p) { return text.indexOf(p) === 0; })[0];
    var p1 = prefix ? prefix.length : region(w, 0);
    var p2 = region(w, p1);

    // Step 1a
    var s = longest(w, STEP1A, 0);
    if (s === "sses") replaceEnd(w, 4, "ss");
    else if (s === "ied" || s === "ies") replaceEnd(w, 3, w.length - 3 >= 2 ? "i" : "ie");
    else if (s === "s") {
      var start = w.length - 1;
      for (var j = start - 2; j >= 0; j--) {
        if (isV(w[j])) { w.length = start; break; }
      }
    }
    if (EXCEPTION2.indexOf(w.join("")) < 0) {
      step1b(w, p1);
      // Step 1c
      var last = w[w.length - 1];
      if ((last === "y" || last === "Y") && w.length - 2 > 0 && nonV(w[w.length - 2])) w[w.length - 1] = "i";
      // Step 2
      s = longest(w, STEP2, 0);
      if (s !== null && w.length - s.length >= p1) {
        var before = w[w.length - s.length - 1];
        if (s === "ogi") { if (before === "l") replaceEnd(w, 3, "og"); }
        else if (s === "li") { if (before !== undefined && VALID_LI.indexOf(before) >= 0) w.length -= 2; }
        else replaceEnd(w, s.length, STEP2_TO[s]);
      }
      // Step 3
      s = longest(w, STEP3, 0);
      if (s !== null && w.length - s.length >= p1) {
        if (s === "ative") { if (w.length - 5 >= p2) w.length -= 5; }
        else replaceEnd(w, s.length, STEP3_TO[s]);
      }
      // Step 4
      s = longest(w, STEP4, 0);
      if (s !== null && w.length - s.length >= p2) {
        if (s === "ion") {
          var c = w[w.length - 4];
          if (c === "s" || c === "t") w.length -= 3;
        } else w.length -= s.length;
      }
      // Step 5
      last = w[w.length - 1];
      var at = w.length - 1;
      if (last === "e" && (at >= p2 || (at >= p1 && !shortv(w, at)))) w.length -= 1;
      else if (last === "l" && at >= p2 && w[at - 1] === "l") w.length -= 1;
    }
    var out = w.join("");
    return yFound ? out.replace(/Y/g, "y") : out;
  }

  function step1b(w, p1) {
    var s = longest(w, STEP1B, 0);
    if (s === null) return;
    var start = w.length - s.length;
    if (s === "eed" || s === "eedly") {
      if (start >= p1) replaceEnd(w, s.length, "ee");
      return;
    }
    var vowel = false;
    for (var i = 0; i < start; i++) if (isV(w[i])) { vowel = true; break; }
    if (!vowel) return;
    w.length = start;
    if (endsWith(w, ["a", "t"]) || endsWith(w, ["b", "l"]) || endsWith(w, ["i", "z"])) {
      w.push("e");
    } else if (w.length >= 2 && w[w.length - 1] === w[w.length - 2] && "bdfgmnprt".indexOf(w[w.length - 1]) >= 0) {
      w.length -= 1;
    } else if (w.length === p1 && shortv(w, w.length)) {
      w.push("e");
    }
  }

  // ---------- Words, as src/search.rs splits them ----------
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var DIGIT = /\p{N}/u;

  function stemmerFor(name) {
    var stemmer = name === "norwegian" ? stemNorwegian : stemEnglish;
    var cache = new Map();
    return function (word) {
      if (DIGIT.test(word)) return word;
      var stem = cache.get(word);
      if (stem === undefined) {
        stem = stemmer(word);
        cache.set(word, stem);
      }
      return stem;
    };
  }

  function words(text) {
    var out = [];
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      var word = match[0].toLowerCase();
      if (Array.from(word).length <= 40) out.push({ word: word, at: match.index, end: match.index + match[0].length });
    }
    return out;
  }

  // ---------- The index ----------
  function Index(base) {
    this.base = base;
    this.files = {};
    this.meta = null;
  }

  Index.prototype.file = function (name, fresh) {
    if (!this.files[name]) {
      this.files[name] = fetch(this.base + name, fresh ? { cache: "no-cache" } : {}).then(function (r) {
        return r.ok ? r.json() : Promise.reject(new Error(name + ": " + r.status));
      });
    }
    return this.files[name];
  };

  Index.prototype.load = function () {
    var self = this;
    return this.file("index.json", true).then(function (meta) {
      self.meta = meta;
      self.stem = stemmerFor(meta.stemmer);
      return self;
    });
  };

  // The shards that may hold terms from `low` to `high` (inclusive).
  Index.prototype.shards = function (low, high) {
    var shards = this.meta.shards;
    var names = [];
    for (var i = 0; i < shards.length; i++) {
      var next = shards[i + 1];
      if (next && next[0] <= low) continue;
      if (shards[i][0] > high) break;
      names.push(shards[i][1]);
    }
    return names;
  };

  // Terms matching one query word: {term: factor}, exact stems counting
  // most, longer words starting with the stem (compounds) less, and for the
  // word being typed, words starting with what is typed.
  Index.prototype.matcher = function (word, typing) {
    var stem = this.stem(word);
    var prefixes = [];
    if (Array.from(stem).length >= 3) prefixes.push(stem);
    if (typing && word !== stem && Array.from(word).length >= 2) prefixes.push(word);
    return { exact: stem, prefixes: prefixes };
  };

  Index.prototype.terms = function (matcher) {
    var self = this;
    var names = this.shards(matcher.exact, matcher.exact);
    matcher.prefixes.forEach(function (p) {
      self.shards(p, p + "\uffff").forEach(function (n) { if (names.indexOf(n) < 0) names.push(n); });
    });
    return Promise.all(names.map(function (n) { return self.file(n); })).then(function (shards) {
      var found = {};
      shards.forEach(function (shard) {
        if (Object.prototype.hasOwnProperty.call(shard, matcher.exact)) found[matcher.exact] = { postings: shard[matcher.exact], factor: 1 };
        var extra = 0;
        for (var term in shard) {
          if (extra >= 200 || found[term]) continue;
          for (var k = 0; k < matcher.prefixes.length; k++) {
            if (term.indexOf(matcher.prefixes[k]) === 0) {
              found[term] = { postings: shard[term], factor: 0.5 };
              extra++;
              break;
            }
          }
        }
      });
      return found;
    });
  };

  Index.prototype.query = function (text) {
    var self = this;
    var list = words(text).map(function (w) { return w.word; });
    if (!list.length) return Promise.resolve({ total: 0, results: [], matchers: [] });
    var typing = !/\s$/.test(text);
    var matchers = list.map(function (w, i) { return self.matcher(w, typing && i === list.length - 1); });
    return Promise.all(matchers.map(function (m) { return self.terms(m); })).then(function (perWord) {
      var n = self.meta.docs;
      var total = null;
      perWord.forEach(function (terms) {
        var scores = new Map();
        for (var term in terms) {
          var postings = terms[term].postings;
          var idf = Math.log(1 + n / (postings.length / 2));
          for (var i = 0; i < postings.length; i += 2) {
            var score = postings[i + 1] * idf * terms[term].factor;
            if (!(scores.get(postings[i]) >= score)) scores.set(postings[i], score);
          }
        }
        if (total === null) total = scores;
        else {
          var both = new Map();
          total.forEach(function (s, doc) { if (scores.has(doc)) both.set(doc, s + scores.get(doc)); });
          total = both;
        }
      });
      var ranked = Array.from(total.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      var top = ranked.slice(0, 10).map(function (e) { return e[0]; });
      return self.documents(top).then(function (docs) {
        return { total: ranked.length, results: docs, matchers: matchers };
      });
    });
  };

  Index.prototype.documents = function (ids) {
    var self = this;
    var chunk = this.meta.chunk;
    return Promise.all(ids.map(function (id) {
      var name = self.meta.chunks[Math.floor(id / chunk)];
      return self.file(name).then(function (docs) { return docs[id % chunk]; });
    }));
  };

  // ---------- Results ----------
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function matches(index, matchers, word) {
    var stem = index.stem(word);
    for (var i = 0; i < matchers.length; i++) {
      var m = matchers[i];
      if (stem === m.exact) return true;
      for (var k = 0; k < m.prefixes.length; k++) if (stem.indexOf(m.prefixes[k]) === 0) return true;
    }
    return false;
  }

  // The section with most matching words (its heading counting triple),
  // and an excerpt of its text around the first match, marked.
  function best(index, matchers, doc) {
    var bestSection = null;
    var bestScore = -1;
    doc.sections.forEach(function (section) {
      var score = 0;
      words(section[1]).forEach(function (w) { if (matches(index, matchers, w.word)) score += 3; });
      words(section[2]).forEach(function (w) { if (matches(index, matchers, w.word)) score += 1; });
      if (score > bestScore) { bestScore = score; bestSection = section; }
    });
    return bestSection || ["", "", ""];
  }

  function excerpt(index, matchers, text) {
    var all = words(text);
    var first = 0;
    for (var i = 0; i < all.length; i++) if (matches(index, matchers, all[i].word)) { first = i; break; }
    var from = Math.max(0, first - 8);
    var to = Math.min(all.length, from + 28);
    if (!all.length) return "";
    var startAt = from === 0 ? 0 : all[from].at;
    var endAt = to >= all.length ? text.length : all[to - 1].end;
    var html = from > 0 ? "… " : "";
    var pos = startAt;
    for (var j = from; j < to; j++) {
      if (!matches(index, matchers, all[j].word)) continue;
      html += escapeHtml(text.slice(pos, all[j].at)) + "<mark>" + escapeHtml(text.slice(all[j].at, all[j].end)) + "</mark>";
      pos = all[j].end;
    }
    html += escapeHtml(text.slice(pos, endAt));
    return html + (to < all.length ? " …" : "");
  }

  // A short text (a title, a heading) with its matching words marked.
  function mark(index, matchers, text) {
    var html = "";
    var pos = 0;
    words(text).forEach(function (w) {
      if (!matches(index, matchers, w.word)) return;
      html += escapeHtml(text.slice(pos, w.at)) + "<mark>" + escapeHtml(text.slice(w.at, w.end)) + "</mark>";
      pos = w.end;
    });
    return html + escapeHtml(text.slice(pos));
  }

  // ---------- The search box ----------
  function attach(form) {
    var input = form.querySelector("input[type=search]");
    var panel = form.querySelector(".search-results");
    var status = form.querySelector(".search-status");
    var list = form.querySelector(".search-list");
    var index = new Index(form.getAttribute("data-search"));
    var loading = null;
    var asked = 0;

    function show(open) {
      panel.hidden = !open;
    }

    function run() {
      var text = input.value;
      var ticket = ++asked;
      if (!text.trim()) {
        list.innerHTML = "";
        status.textContent = "";
        show(false);
        return;
      }
      show(true);
      status.textContent = form.getAttribute("data-loading");
      loading = loading || index.load();
      loading
        .then(function () { return index.query(text); })
        .then(function (found) {
          if (ticket !== asked) return;
          list.innerHTML = found.results.map(function (doc) {
            var section = best(index, found.matchers, doc);
            var href = doc.url + (section[0] ? "#" + encodeURIComponent(section[0]) : "");
            var title = mark(index, found.matchers, doc.title) +
              (section[1] ? ' <span class="search-section">› ' + mark(index, found.matchers, section[1]) + "</span>" : "");
            return '<li><a href="' + escapeHtml(href) + '"><span class="search-title">' + title +
              '</span><span class="search-excerpt">' + excerpt(index, found.matchers, section[2]) + "</span></a></li>";
          }).join("");
          status.textContent = found.total
            ? form.getAttribute("data-count").replace("{n}", found.total)
            : form.getAttribute("data-none");
        })
        .catch(function () {
          if (ticket === asked) status.textContent = form.getAttribute("data-none");
          loading = null;
        });
    }

    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) first.focus();
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        show(false);
        input.focus();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var links = Array.prototype.slice.call(list.querySelectorAll("a"));
        if (!links.length) return;
        var at = links.indexOf(document.activeElement);
        var next = event.key === "ArrowDown" ? at + 1 : at - 1;
        if (next < -1) next = links.length - 1;
        event.preventDefault();
        if (next === -1 || next >= links.length) input.focus();
        else links[next].focus();
      }
    });
    input.addEventListener("focus", function () { if (input.value.trim() && list.children.length) show(true); });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) show(false);
    });
    run();
  }

  window.brygge = window.brygge || {};
  window.brygge.stem = { norwegian: stemNorwegian, english: stemEnglish };
  window.brygge.searchIndex = function (base) { return new Index(base).load(); };
  var forms = document.querySelectorAll("form[data-search]");
  for (var i = 0; i < forms.length; i++) attach(forms[i]);
})();
