/* Korean search for the briefing archive: queries the index that site_builder.search writes
   into search/data/. No dependencies, no build step. The normalization functions mirror
   site_builder/search/normalize.py; tests/fixtures/search/golden.json checks both sides. */
(function () {
  "use strict";

  // ---------------------------------------------------------------- normalization
  var HANGUL_FIRST = 0xac00, HANGUL_LAST = 0xd7a3;
  var CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ";
  var JUNGSEONG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ";
  var JONGSEONG = ["", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ", "ㅂ",
    "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"];
  var CONJOINING = new Map();
  Array.from(CHOSEONG).forEach(function (c, i) { CONJOINING.set(0x1100 + i, c); });
  Array.from(JUNGSEONG).forEach(function (c, i) { CONJOINING.set(0x1161 + i, c); });
  JONGSEONG.slice(1).forEach(function (c, i) { CONJOINING.set(0x11a8 + i, c); });
  var SPACES = "\t\n\r\f\v";
  var PARTICLES = ["에서는", "으로는", "에서", "으로", "에게", "께서", "부터", "까지", "처럼", "보다", "이나", "이다",
    "과의", "와의", "에는", "에도", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만"];
  var COUNTERS = ["개국", "개사", "달러", "원", "명", "건", "개", "곳", "년", "월", "일", "배", "위", "회", "%"];
  var DECIMAL = "[0-9]+(?:\\.[0-9]+)?";
  var UNIT_PART = DECIMAL + "(?:[천백십][조억만]?|[조억만])";
  var EXPRESSION = UNIT_PART + "(?: ?" + UNIT_PART + ")*|" + DECIMAL;
  var NUMBER_WORD = new RegExp("^(" + EXPRESSION + ")(?:여? ?(" + COUNTERS.join("|") + "))?$");
  var COUNTER_AFTER = new RegExp("여? ?(" + COUNTERS.join("|") + ")", "y");

  function normalizeChar(ch) {
    var first = ch.codePointAt(0);
    if (first >= 0x3131 && first <= 0x318e) return ch;  // compatibility jamo stay as typed (ㄷ, ㆍ)
    var text = ch.normalize("NFKC").toLowerCase();
    var out = "";
    for (var c of text) {
      var code = c.codePointAt(0);
      if (CONJOINING.has(code)) c = CONJOINING.get(code);
      else if (SPACES.indexOf(c) >= 0) c = " ";
      else if (code >= 0xc0 && code <= 0x24f) c = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      out += c;
    }
    return out;
  }

  function isDigit(c) { return c >= "0" && c <= "9"; }

  /* Normalized text plus, for each of its UTF-16 units, the span of the source (NFC) text it came from. */
  function normalizeWithMap(text) {
    var source = text.normalize("NFC");
    var chars = [], starts = [], ends = [];
    var index = 0;
    for (var ch of source) {
      var norm = normalizeChar(ch);
      for (var k = 0; k < norm.length; k++) {
        chars.push(norm[k]); starts.push(index); ends.push(index + ch.length);
      }
      index += ch.length;
    }
    var out = [], outStarts = [], outEnds = [];
    for (var i = 0; i < chars.length; i++) {
      if (chars[i] === "," && i > 0 && isDigit(chars[i - 1]) && isDigit(chars[i + 1] || "") &&
          isDigit(chars[i + 2] || "") && isDigit(chars[i + 3] || "") && !isDigit(chars[i + 4] || "")) continue;
      out.push(chars[i]); outStarts.push(starts[i]); outEnds.push(ends[i]);
    }
    return { source: source, text: out.join(""), starts: outStarts, ends: outEnds };
  }

  function normalize(text) { return normalizeWithMap(text).text; }

  function isHangul(c) { var code = c.charCodeAt(0); return code >= HANGUL_FIRST && code <= HANGUL_LAST; }

  function isInitials(word) {
    if (!word) return false;
    for (var c of word) if (CHOSEONG.indexOf(c) < 0) return false;
    return true;
  }

  function jamo(syllable) {
    var index = syllable.charCodeAt(0) - HANGUL_FIRST;
    return [CHOSEONG[Math.floor(index / 588)], JUNGSEONG[Math.floor((index % 588) / 28)], JONGSEONG[index % 28]];
  }

  function initials(text) {
    var out = "";
    for (var c of text) if (isHangul(c)) out += jamo(c)[0];
    return out;
  }

  function stripParticle(word) {
    for (var i = 0; i < PARTICLES.length; i++) {
      var p = PARTICLES[i];
      if (word.endsWith(p) && word.length - p.length >= 2) return word.slice(0, -p.length);
    }
    return null;
  }

  var SMALL = { "천": 1000, "백": 100, "십": 10 };
  var BIG = { "조": 1e12, "억": 1e8, "만": 1e4 };

  function roundHalfEven(x) {
    var r = Math.round(x);
    if (Math.abs(x % 1) === 0.5) r = 2 * Math.round(x / 2);
    return r;
  }

  /* Mirrors site_builder.korean.parse_korean_number. */
  function parseKoreanNumber(text) {
    var compact = text.normalize("NFKC").replace(/[\s,]/g, "");
    if (!compact || !/^(?:\d+(?:\.\d+)?[천백십]?[조억만]?)+$/.test(compact)) return null;
    var total = 0, lastBig = null;
    var re = /(\d+(?:\.\d+)?)([천백십]?)([조억만]?)/g, m;
    while ((m = re.exec(compact))) {
      var amount = parseFloat(m[1]) * (m[2] ? SMALL[m[2]] : 1);
      var size = m[3] ? BIG[m[3]] : 1;
      if (lastBig !== null && size >= lastBig) return null;
      lastBig = m[3] ? size : 0;
      total += amount * size;
    }
    return roundHalfEven(total);
  }

  function numberValue(expression) {
    if (new RegExp("^" + DECIMAL + "$").test(expression)) {
      var parts = expression.split(".");
      var whole = parts[0].replace(/^0+/, "") || "0";
      var fraction = (parts[1] || "").replace(/0+$/, "");
      return fraction ? whole + "." + fraction : whole;
    }
    var value = parseKoreanNumber(expression);
    return value === null ? null : String(value);
  }

  function parseNumberWord(word) {
    var m = NUMBER_WORD.exec(word);
    if (!m) return null;
    var value = numberValue(m[1]);
    return value === null ? null : [value, m[2] || ""];
  }

  /* [value, counter, start, end] of every number expression in normalized text. */
  function numbersIn(text) {
    var found = [], re = new RegExp(EXPRESSION, "g"), m;
    while ((m = re.exec(text))) {
      if (m.index && "0123456789.".indexOf(text[m.index - 1]) >= 0) continue;
      var value = numberValue(m[0].replace(/\s+$/, ""));
      if (value === null) continue;
      COUNTER_AFTER.lastIndex = re.lastIndex;
      var counter = COUNTER_AFTER.exec(text);
      found.push([value, counter ? counter[1] : "", m.index, counter ? COUNTER_AFTER.lastIndex : re.lastIndex]);
    }
    return found;
  }

  var encoder = new TextEncoder(), decoder = new TextDecoder();

  /* Mirrors normalize.loose: the spellings of a foreign name in Hangul folded together. */
  var LOOSE_MIN = 3;
  var LOOSE_INITIALS = { "ㄲ": "ㅋ", "ㄸ": "ㅌ", "ㅃ": "ㅍ", "ㅉ": "ㅊ", "ㅆ": "ㅅ" };
  var LOOSE_VOWELS = { "ㅐ": "ㅔ", "ㅒ": "ㅖ", "ㅓ": "ㅗ", "ㅙ": "ㅞ", "ㅚ": "ㅞ" };

  function compose(initial, vowel, final) {
    return String.fromCharCode(HANGUL_FIRST + (CHOSEONG.indexOf(initial) * 21 + JUNGSEONG.indexOf(vowel)) * 28 +
                               JONGSEONG.indexOf(final));
  }

  function loose(word) {
    word = word.split("이거").join("가");
    var syllables = [];
    for (var c of word) {
      if (!isHangul(c)) { syllables.push([c]); continue; }
      var parts = jamo(c), initial = parts[0], vowel = parts[1], final = parts[2];
      var last = syllables[syllables.length - 1];
      if (c === "이" && last && last.length === 3 && !last[2] && "ㅐㅔ".indexOf(last[1]) >= 0) continue;
      if (initial === "ㅌ" && vowel === "ㅡ" && final === "ㄴ") vowel = "ㅓ";
      syllables.push([LOOSE_INITIALS[initial] || initial, LOOSE_VOWELS[vowel] || vowel, final]);
    }
    for (var i = 0; i + 1 < syllables.length; i++) {
      var before = syllables[i], after = syllables[i + 1];
      if (before.length === 3 && after.length === 3 && before[2] && before[2] === after[0]) before[2] = "";
    }
    var n = syllables.length;
    if (n >= 2 && syllables[n - 1].join("") === "ㄹㅡ" && syllables[n - 1].length === 3 &&
        syllables[n - 2].length === 3 && !syllables[n - 2][2]) {
      syllables[n - 2][2] = "ㄹ";
      syllables.pop();
    }
    return syllables.map(function (p) { return p.length === 3 ? compose(p[0], p[1], p[2]) : p[0]; }).join("");
  }

  /* Mirrors normalize.name_form: a name as a key (Washington, D.C. = washingtondc). */
  function nameForm(text) { return normalize(text).replace(/[^0-9a-z\uac00-\ud7a3\u3131-\u318e]+/g, ""); }

  function fnv1a(text) {
    var value = 0x811c9dc5;
    var bytes = encoder.encode(text);
    for (var i = 0; i < bytes.length; i++) value = Math.imul(value ^ bytes[i], 0x01000193) >>> 0;
    return value >>> 0;
  }

  function vocabularyKeys(word) {
    var head = Array.from(word).slice(0, 3);
    return ["c" + initials(head.join("")), "v" + head.map(function (s) { return jamo(s)[1]; }).join("")];
  }

  // ---------------------------------------------------------------- the query
  var TITLE = 1, NAMES = 2, BODY = 4, SPANS_SPACE = 8;
  var LOOSE = "~", ALIAS = "@", ONLY_INSIDE = "!";
  var BOUNDARY = 3, INSIDE = 2, FUZZY = 1;
  // One jamo apart, but these pairs are the usual confusions, so they come first.
  var CLOSE_VOWELS = ["ㅐㅔ", "ㅒㅖ", "ㅓㅗ", "ㅙㅞ", "ㅚㅞ", "ㅙㅚ", "ㅕㅛ"];

  /* Grams that must all be present for a Hangul word, and the word-start gram. */
  function hangulAlternative(word, penalty, kind) {
    var k = word.length, required;
    if (k === 1) required = ["^" + word];
    else if (k === 2) required = [word];
    else {
      required = [];
      for (var i = 0; i + 3 <= k; i += 2) required.push(word.slice(i, i + 3));
      if ((k - 3) % 2) required.push(word.slice(k - 3));
    }
    return { kind: kind, form: word, required: required, boundary: k === 1 ? null : "^" + word.slice(0, 3),
             base: k === 1 ? BOUNDARY : null, penalty: penalty,
             // a registered name found only inside another entry's longer name is no hit (동구 in 강동구)
             unless: k >= 2 && (kind === "exact" || kind === "stripped") ? [ONLY_INSIDE + word, ALIAS + word] : null };
  }

  /* A registry entry's name or alias, listed (names field) or mentioned in the body. */
  function aliasAlternative(text, penalty) {
    var key = nameForm(text);
    return { kind: "alias", form: key, required: [ALIAS + key], boundary: null, base: BOUNDARY, penalty: penalty || 0 };
  }

  /* The loose form of a foreign name: other transliterations, below every exact hit. */
  function looseAlternative(word) {
    return { kind: "loose", form: word, required: [LOOSE + loose(word)], boundary: null, base: FUZZY + 0.2, penalty: 0 };
  }

  function parseQuery(query) {
    var tokens = [], words = normalize(query).split(" ").filter(Boolean);
    // 845억 원, 300만 달러: a counter typed apart still belongs to its number
    for (var w = 0; w + 1 < words.length; w++) {
      var joined = words[w] + " " + words[w + 1];
      if (COUNTERS.indexOf(words[w + 1].replace(/^여/, "")) >= 0 && parseNumberWord(words[w]) &&
          !parseNumberWord(words[w])[1] && parseNumberWord(joined)) {
        words.splice(w, 2, joined);
      }
    }
    words.forEach(function (word) {
      if (isInitials(word)) { tokens.push({ type: "initials", text: word, alternatives: [] }); return; }
      var number = parseNumberWord(word);
      if (number) {
        tokens.push({ type: "number", text: word, value: number[0], counter: number[1], alternatives: [
          { kind: "number", required: ["#" + number[0] + number[1]], boundary: null, base: BOUNDARY, penalty: 0 }] });
        return;
      }
      var parts = word.match(/[가-힣]+|[a-z]+|[0-9]+(?:\.[0-9]+)?|[ㄱ-ㅎ]+/g) || [];
      parts.forEach(function (part, k) {
        var first = part[0];
        if (isHangul(first)) {
          // 'svb의': a particle glued to a Latin word or a number is not a word of its own.
          if (k > 0 && !isHangul(parts[k - 1][0]) && PARTICLES.indexOf(part) >= 0) return;
          var alternatives = [hangulAlternative(part, 0, "exact")];
          var stripped = stripParticle(part);
          if (stripped) alternatives.push(hangulAlternative(stripped, 0.5, "stripped"));
          [part, stripped].forEach(function (form, k) {
            if (form && form.length >= 2) alternatives.push(aliasAlternative(form, k ? 0.5 : 0));
            if (form && form.length >= LOOSE_MIN) alternatives.push(looseAlternative(form));
          });
          tokens.push({ type: "hangul", text: part, alternatives: alternatives });
        } else if (first >= "a" && first <= "z") {
          var latin = [{ kind: "exact", form: part, required: [part], boundary: null, base: BOUNDARY, penalty: 0 }];
          if (part.length >= 2) latin.push({ kind: "prefix", form: part, required: [">" + part], boundary: null, base: INSIDE, penalty: 0 });
          if (part.length >= 2) latin.push(aliasAlternative(part));
          tokens.push({ type: "latin", text: part, alternatives: latin });
        } else if (isDigit(first)) {
          tokens.push({ type: "digits", text: part, value: numberValue(part), counter: "", alternatives: [
            { kind: "number", required: ["#" + numberValue(part)], boundary: null, base: BOUNDARY, penalty: 0 },
            { kind: "digits", required: [part], boundary: null, base: INSIDE, penalty: 0 }] });
        } else {
          tokens.push({ type: "initials", text: part, alternatives: [] });
        }
      });
    });
    return tokens;
  }

  /* Several Hangul words typed apart may stand together in the text (실리콘밸리 은행 / 실리콘밸리은행):
     a briefing that has them as one phrase is scored on the phrase, once per word. */
  function phraseOf(tokens) {
    if (tokens.length < 2 || !tokens.every(function (t) { return t.type === "hangul"; })) return null;
    var joined = tokens.map(function (t) { return t.text; }).join("");
    if (joined.length > 20) return null;
    var alternative = hangulAlternative(joined, 0, "phrase");
    return { type: "phrase", text: joined, alternatives: [alternative] };
  }

  /* Number of jamo that differ between two Hangul strings of the same length, and a cost. */
  function jamoDistance(a, b) {
    var diffs = 0, cost = 0;
    for (var i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      if (!isHangul(a[i]) || !isHangul(b[i])) return [99, 99];
      var x = jamo(a[i]), y = jamo(b[i]);
      for (var j = 0; j < 3; j++) {
        if (x[j] === y[j]) continue;
        diffs++;
        var close = j === 1 && CLOSE_VOWELS.some(function (p) { return p.indexOf(x[j]) >= 0 && p.indexOf(y[j]) >= 0; });
        cost += close ? 0.5 : 1;
      }
    }
    return [diffs, cost];
  }

  function spellingVariants(word, vocabulary) {
    var found = new Map();
    vocabulary.forEach(function (candidate) {
      if (candidate.length < word.length) return;
      var prefix = candidate.slice(0, word.length);
      if (prefix === word || found.has(prefix)) return;
      var distance = jamoDistance(word, prefix);
      if (distance[0] === 1) found.set(prefix, distance[1]);
    });
    return Array.from(found.entries()).sort(function (a, b) { return a[1] - b[1] || (a[0] < b[0] ? -1 : 1); })
      .slice(0, 3).map(function (e) { return e[0]; });
  }

  /* The most frequent word starts (in vocabulary words) whose initials are ``letters``. */
  function wordsForInitials(letters, vocabulary) {
    var counts = new Map(), size = letters.length;
    vocabulary.forEach(function (word) {
      if (word.length < size || initials(word.slice(0, size)) !== letters) return;
      var prefix = word.slice(0, size);
      counts.set(prefix, (counts.get(prefix) || 0) + 1);
    });
    return Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); })
      .slice(0, 3).map(function (e) { return e[0]; });
  }

  // ---------------------------------------------------------------- index access
  function Index(base) {
    this.base = base;
    this.cache = new Map();
    this.timing = {};
  }

  Index.prototype.fetchBytes = function (path) {
    var url = this.base + path + (this.version ? "?v=" + this.version : "");
    if (!this.cache.has(url)) {
      this.cache.set(url, fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.arrayBuffer();
      }).then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;  // the host already decompressed it
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
      }));
    }
    return this.cache.get(url);
  };

  Index.prototype.json = function (path) {
    return this.fetchBytes(path).then(function (bytes) { return JSON.parse(decoder.decode(bytes)); });
  };

  Index.prototype.open = function () {
    var self = this;
    if (!this.opened) {
      this.opened = this.json("manifest.json").then(function (manifest) {
        self.manifest = manifest;
        self.version = manifest.version;
        self.shards = new Map();
      });
    }
    return this.opened;
  };

  /* The facet terms and the document table: fetched only when a query needs them (facet filters, 초성
     words, browsing without a query) or the reader asks for the facet counts. */
  Index.prototype.openTables = function () {
    var self = this;
    if (!this.tables) {
      this.tables = Promise.all([this.json("facets.bin"), this.fetchBytes("docs.bin")]).then(function (loaded) {
        self.facets = loaded[0];
        self.docs = decodeTable(loaded[1]);
      });
    }
    return this.tables;
  };

  function Reader(bytes) { this.bytes = bytes; this.pos = 0; }
  Reader.prototype.varint = function () {
    var value = 0, scale = 1, byte;
    do { byte = this.bytes[this.pos++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80);
    return value;
  };

  function decodeTable(bytes) {
    var reader = new Reader(bytes), count = reader.varint();
    var docs = { count: count, year: new Int32Array(count), city: [], partner: [], destination: [] };
    var days = 0;
    for (var i = 0; i < count; i++) {
      days = i === 0 ? reader.varint() : days - reader.varint();
      docs.year[i] = new Date(days * 86400000).getUTCFullYear();
      ["city", "partner", "destination"].forEach(function (name) {
        var n = reader.varint(), values = [], value = -1;
        for (var j = 0; j < n; j++) { value += reader.varint() + 1; values.push(value); }
        docs[name].push(values);
      });
    }
    return docs;
  }

  function parseShard(bytes) {
    var reader = new Reader(bytes), count = reader.varint(), terms = new Map();
    for (var i = 0; i < count; i++) {
      var length = reader.varint();
      var name = decoder.decode(bytes.subarray(reader.pos, reader.pos + length));
      reader.pos += length;
      var documents = reader.varint(), size = reader.varint();
      terms.set(name, { bytes: bytes, start: reader.pos, end: reader.pos + size, documents: documents });
      reader.pos += size;
    }
    return terms;
  }

  /* Map document id -> flags. */
  function decodePostings(entry) {
    var result = new Map();
    if (!entry) return result;
    var reader = new Reader(entry.bytes), id = -1;
    reader.pos = entry.start;
    while (reader.pos < entry.end) {
      var value = reader.varint();
      id += Math.floor(value / 16);
      result.set(id, value % 16);
    }
    return result;
  }

  /* Mirrors index.shard_key. */
  function shardKey(term) { return "~@!".indexOf(term[0]) >= 0 ? term.slice(1, 4) : term; }

  Index.prototype.loadTerms = function (terms) {
    var self = this, shardCount = this.manifest.shards, wanted = new Set();
    terms.forEach(function (term) { wanted.add(fnv1a(shardKey(term)) & (shardCount - 1)); });
    return Promise.all(Array.from(wanted).map(function (n) {
      return self.fetchBytes("s/" + n + ".bin").then(function (bytes) {
        if (!self.shards.has(n)) self.shards.set(n, parseShard(bytes));
      });
    }));
  };

  Index.prototype.postings = function (term) {
    var shard = this.shards.get(fnv1a(shardKey(term)) & (this.manifest.shards - 1));
    if (!shard) throw new Error("shard of " + term + " not loaded");
    if (!this.postingCache) this.postingCache = new Map();
    if (!this.postingCache.has(term)) this.postingCache.set(term, decodePostings(shard.get(term)));
    return this.postingCache.get(term);
  };

  Index.prototype.vocabulary = function (words, initialQueries) {
    var self = this, count = this.manifest.vocabulary, wanted = new Set();
    words.forEach(function (word) {
      vocabularyKeys(word).forEach(function (key) { wanted.add(fnv1a(key) & (count - 1)); });
    });
    initialQueries.forEach(function (text) { wanted.add(fnv1a("c" + text.slice(0, 3)) & (count - 1)); });
    return Promise.all(Array.from(wanted).map(function (n) {
      return self.fetchBytes("v/" + n + ".bin").then(function (bytes) {
        return decoder.decode(bytes).split("\n").filter(Boolean);
      });
    })).then(function (lists) { return [].concat.apply([], lists); });
  };

  /* A document's display file; the rest of its body too when ``fits(doc)`` says no snippet fits in the part
     the display file carries. */
  Index.prototype.document = function (id, fits) {
    var self = this;
    return this.json("d/" + id + ".bin").then(function (doc) {
      if (!doc.r || fits(doc)) return doc;
      return self.json("r/" + id + ".bin").then(function (rest) {
        doc.b += rest.b;
        doc.a = rest.a;
        delete doc.r;
        return doc;
      });
    });
  };

  // ---------------------------------------------------------------- matching and ranking
  function fieldWeight(flags) { return flags & TITLE ? 4 : flags & NAMES ? 3 : 1; }

  /* Map document id -> score for one alternative spelling of a query word. */
  function scoreAlternative(index, alternative) {
    var matched = null;
    for (var i = 0; i < alternative.required.length; i++) {
      var postings = index.postings(alternative.required[i]);
      var next = new Map();
      postings.forEach(function (flags, id) {
        if (matched === null) next.set(id, [flags & 7, flags & SPANS_SPACE]);
        else if (matched.has(id)) {
          var seen = matched.get(id);
          next.set(id, [seen[0] & flags, seen[1] | (flags & SPANS_SPACE)]);
        }
      });
      matched = next;
      if (!matched.size) break;
    }
    var scores = new Map();
    if (!matched) return scores;
    var starts = alternative.boundary ? index.postings(alternative.boundary) : null;
    if (alternative.unless) {
      var inside = index.postings(alternative.unless[0]), named = index.postings(alternative.unless[1]);
      inside.forEach(function (flags, id) { if (!named.has(id)) matched.delete(id); });
    }
    // Two syllables found only across a space (최대 전자제품 for 대전) are two different words.
    var strict = alternative.form && alternative.form.length === 2 && alternative.kind !== "phrase";
    matched.forEach(function (seen, id) {
      if (strict && seen[1]) return;
      var quality = alternative.base !== null ? alternative.base : (starts.has(id) ? BOUNDARY : INSIDE);
      if (alternative.kind === "fuzzy") quality = FUZZY + (quality === BOUNDARY ? 0.2 : 0);
      if (seen[1] && alternative.kind !== "phrase") quality -= 0.5;
      quality -= alternative.penalty;
      scores.set(id, quality * 10 + fieldWeight(seen[0]));
    });
    return scores;
  }

  /* 초성 query words match the registry names of a briefing's cities, partners and destinations. */
  function scoreInitials(index, token) {
    var scores = new Map(), docs = index.docs;
    token.names = [];
    ["city", "partner", "destination"].forEach(function (facet) {
      var best = new Map();
      index.facets[facet].forEach(function (entry, number) {
        [entry[1]].concat(entry[2]).forEach(function (name) {
          normalize(name).split(" ").forEach(function (word) {
            var letters = initials(word);
            if (!letters.startsWith(token.text)) return;
            var score = BOUNDARY * 10 + fieldWeight(NAMES) - (letters === token.text ? 0 : 1);
            if (score > (best.get(number) || 0)) best.set(number, score);
            if (token.names.indexOf(word) < 0) token.names.push(word);
          });
        });
      });
      if (!best.size) return;
      docs[facet].forEach(function (values, id) {
        values.forEach(function (number) {
          if (best.has(number) && best.get(number) > (scores.get(id) || 0)) scores.set(id, best.get(number));
        });
      });
    });
    return scores;
  }

  function tokenScores(index, token) {
    var scores = token.type === "initials" ? scoreInitials(index, token) : new Map();
    token.alternatives.forEach(function (alternative) {
      scoreAlternative(index, alternative).forEach(function (score, id) {
        if (score > (scores.get(id) || 0)) scores.set(id, score);
      });
    });
    return scores;
  }

  function termsOf(tokens) {
    var terms = [];
    tokens.forEach(function (token) {
      token.alternatives.forEach(function (a) {
        terms.push.apply(terms, a.required);
        if (a.boundary) terms.push(a.boundary);
        if (a.unless) terms.push.apply(terms, a.unless);
      });
    });
    return terms;
  }

  /* Runs a query: resolves to {matched: Map id -> score, tokens}. */
  function runQuery(index, query) {
    var tokens = parseQuery(query), phrase = phraseOf(tokens);
    // The whole query may be one registered name of several words (san diego, silicon valley bank).
    var wholeName = tokens.length >= 2 ? aliasAlternative(query) : null;
    var named = wholeName ? { type: "name", text: wholeName.form, alternatives: [wholeName] } : null;
    var fuzzy = tokens.filter(function (t) { return t.type === "hangul" && t.text.length >= 3 && t.text.length <= 10; });
    // Three or more initials are also looked up among the words of the briefings (ㅅㅌㅍㄷ -> 스탠퍼드).
    var spelled = tokens.filter(function (t) { return t.type === "initials" && t.text.length >= 3; });
    var text = function (t) { return t.text; };
    // A long word may be a spaced compound in the text (벤처캐피탈 / 벤처 캐피털): its tail is looked up too.
    var tails = [];
    fuzzy.forEach(function (t) {
      t.splits = [];
      for (var j = 2; t.text.length >= 5 && j <= t.text.length - 3; j++) { t.splits.push(j); tails.push(t.text.slice(j)); }
    });
    // A word of three syllables looks for variants only when it is not found as typed (below), so its
    // vocabulary shards are fetched only then.
    var eager = fuzzy.filter(function (t) { return t.text.length > 3; });
    return Promise.all([index.loadTerms(termsOf(tokens.concat(phrase ? [phrase] : [], named ? [named] : []))),
                        index.vocabulary(eager.map(text).concat(tails), spelled.map(text))])
      .then(function (loaded) {
        var unfound = fuzzy.filter(function (t) { return t.text.length === 3 && !tokenScores(index, t).size; });
        if (!unfound.length) return loaded[1];
        return index.vocabulary(unfound.map(text), []).then(function (more) { return loaded[1].concat(more); });
      })
      .then(function (vocabulary) {
        var extra = [];
        spelled.forEach(function (token) {
          wordsForInitials(token.text, vocabulary).forEach(function (word) {
            var alternative = hangulAlternative(word, 0.5, "initials");
            token.alternatives.push(alternative);
            extra.push.apply(extra, alternative.required.concat([alternative.boundary]));
          });
        });
        fuzzy.forEach(function (token) {
          // Short words look for variants only when they are not found as typed.
          if (token.text.length === 3 && tokenScores(index, token).size) return;
          var variants = spellingVariants(token.text, vocabulary);
          token.splits.forEach(function (j) {
            spellingVariants(token.text.slice(j), vocabulary).forEach(function (tail) {
              var variant = token.text.slice(0, j) + tail;
              if (variants.indexOf(variant) < 0) variants.push(variant);
            });
          });
          variants.slice(0, 4).forEach(function (variant) {
            var alternative = hangulAlternative(variant, 0, "fuzzy");
            token.alternatives.push(alternative);
            extra.push.apply(extra, alternative.required.concat([alternative.boundary]));
          });
        });
        return index.loadTerms(extra);
      }).then(function () {
        index.timing.shardsArrived = performance.now() - index.timing.started;
        var matched = null;
        tokens.forEach(function (token) {
          var scores = tokenScores(index, token);
          if (matched === null) { matched = scores; return; }
          var next = new Map();
          scores.forEach(function (score, id) { if (matched.has(id)) next.set(id, matched.get(id) + score); });
          matched = next;
        });
        if (phrase && matched) {
          tokenScores(index, phrase).forEach(function (score, id) {
            if (matched.has(id)) matched.set(id, Math.max(matched.get(id), score * tokens.length));
          });
        }
        if (named) {
          matched = matched || new Map();
          tokenScores(index, named).forEach(function (score, id) {
            matched.set(id, Math.max(matched.get(id) || 0, score * tokens.length));
          });
        }
        return { tokens: tokens, matched: matched || new Map() };
      });
  }

  // ---------------------------------------------------------------- facets
  var FACETS = [["city", "도시"], ["year", "연도"], ["partner", "파트너"], ["destination", "방문지"]];

  function facetValues(index, facet, id) {
    if (facet === "year") return [index.docs.year[id]];
    return index.docs[facet][id];
  }

  function facetNumber(index, facet, value) {
    if (facet === "year") return /^\d{4}$/.test(value) ? Number(value) : null;
    var entries = index.facets[facet];
    for (var i = 0; i < entries.length; i++) if (entries[i][0] === value) return i;
    return null;
  }

  function facetLabel(index, facet, number) {
    return facet === "year" ? number + "년" : index.facets[facet][number][1];
  }

  function facetSlug(index, facet, number) {
    return facet === "year" ? String(number) : index.facets[facet][number][0];
  }

  // ---------------------------------------------------------------- snippets
  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  /* Regular expressions (on normalized text) for what each query word matched. */
  function markPatterns(tokens) {
    var patterns = [];
    tokens.forEach(function (token) {
      if (token.type === "hangul") {
        token.alternatives.forEach(function (a) {
          patterns.push(Array.from(a.form).map(escapeRegExp).join(" ?"));
        });
      } else if (token.type === "latin") {
        patterns.push(escapeRegExp(token.text));
      } else if (token.type === "initials") {
        (token.names || []).concat(token.alternatives.map(function (a) { return a.form; })).forEach(function (name) {
          patterns.push(Array.from(name).map(escapeRegExp).join(" ?"));
        });
      } else if (token.type === "digits") {
        patterns.push("(?<![0-9])" + escapeRegExp(token.text));
      }
    });
    return patterns.length ? new RegExp(patterns.join("|"), "g") : null;
  }

  /* [start, end) ranges in normalized text to mark. */
  function findMarks(normalized, tokens, pattern) {
    var ranges = [], m;
    if (pattern) {
      pattern.lastIndex = 0;
      while ((m = pattern.exec(normalized))) {
        if (!m[0]) { pattern.lastIndex++; continue; }
        ranges.push([m.index, m.index + m[0].length]);
      }
    }
    var numbers = tokens.filter(function (t) { return t.type === "number" || t.type === "digits"; });
    if (numbers.length) {
      numbersIn(normalized).forEach(function (found) {
        numbers.forEach(function (t) {
          if (found[0] === t.value && (!t.counter || found[1] === t.counter)) ranges.push([found[2], found[3]]);
        });
      });
    }
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  /* Appends source text [from, to) to element, with marks (ranges in source offsets). */
  function appendMarked(element, source, from, to, marks) {
    var position = from;
    marks.forEach(function (mark) {
      var start = Math.max(mark[0], from), end = Math.min(mark[1], to);
      if (end <= start || start < position) return;
      element.appendChild(document.createTextNode(source.slice(position, start)));
      var node = document.createElement("mark");
      node.textContent = source.slice(start, end);
      element.appendChild(node);
      position = end;
    });
    element.appendChild(document.createTextNode(source.slice(position, to)));
  }

  function sourceMarks(mapped, tokens, pattern) {
    return findMarks(mapped.text, tokens, pattern).map(function (r) {
      return [mapped.starts[r[0]], mapped.ends[r[1] - 1]];
    });
  }

  var SNIPPET_BEFORE = 40, SNIPPET_LENGTH = 150;

  /* Whether buildSnippet gives the same snippet from the first part of the body as from all of it: a match
     in that part, and after the snippet room for the longest mark (a form typed with spaces between its
     letters, or a number with its counter) read across the end of that part. */
  function snippetFits(doc, tokens, pattern) {
    var mapped = normalizeWithMap(doc.b), marks = sourceMarks(mapped, tokens, pattern), longest = 0;
    tokens.forEach(function (token) {
      (token.names || []).concat(token.alternatives.map(function (a) { return a.form || ""; }), [token.text])
        .forEach(function (form) { longest = Math.max(longest, form.length); });
    });
    return marks.length > 0 && marks[0][0] + SNIPPET_LENGTH + 2 * longest + 40 <= mapped.source.length;
  }

  function buildSnippet(element, doc, tokens, pattern) {
    var fields = [["", doc.b], ["", doc.m], ["관련: ", doc.n], ["언급: ", doc.a]];
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i][1]) continue;
      var mapped = normalizeWithMap(fields[i][1]);
      var marks = sourceMarks(mapped, tokens, pattern);
      if (!marks.length) continue;
      var source = mapped.source;
      var from = Math.max(0, marks[0][0] - SNIPPET_BEFORE);
      if (from > 0) { var space = source.indexOf(" ", from); if (space >= 0 && space < marks[0][0]) from = space + 1; }
      var to = Math.min(source.length, from + SNIPPET_LENGTH);
      if (to < source.length) { var back = source.lastIndexOf(" ", to); if (back > marks[0][1]) to = back; }
      if (fields[i][0]) element.appendChild(document.createTextNode(fields[i][0]));
      if (from > 0) element.appendChild(document.createTextNode("…"));
      appendMarked(element, source, from, to, marks);
      if (to < source.length) element.appendChild(document.createTextNode("…"));
      return;
    }
    var text = doc.m || doc.b;
    element.textContent = text.length > SNIPPET_LENGTH ? text.slice(0, SNIPPET_LENGTH) + "…" : text;
  }

  // ---------------------------------------------------------------- the page
  var PAGE_SIZE = 10;

  function SearchPage(root) {
    this.root = root;
    this.base = root.getAttribute("data-base");
    this.index = new Index(root.getAttribute("data-index"));
    this.form = root.querySelector("[data-search-form]");
    this.input = this.form.querySelector("input[name=q]");
    this.status = root.querySelector("[data-search-status]");
    this.results = root.querySelector("[data-search-results]");
    this.facets = root.querySelector("[data-search-facets]");
    this.empty = root.querySelector("[data-search-empty]");
    this.more = root.querySelector("[data-search-more]");
    this.sequence = 0;
    this.pushNext = true;
    this.title = document.title;
    this.bind();
  }

  SearchPage.prototype.bind = function () {
    var self = this, timer = null;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      self.navigate(self.stateFromInput(), true);
      self.pushNext = true;
    });
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        self.navigate(self.stateFromInput(), self.pushNext);
        self.pushNext = false;
      }, 150);
    });
    window.addEventListener("popstate", function () { self.pushNext = true; self.showUrl(); });
    this.facets.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-facet-link]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button) return;
      event.preventDefault();
      history.pushState(null, "", link.href);
      self.pushNext = true;
      self.showUrl();
    });
    this.more.addEventListener("click", function () { self.showPage(true); });
  };

  SearchPage.prototype.readUrl = function () {
    var params = new URLSearchParams(location.search), state = { q: (params.get("q") || "").trim() };
    FACETS.forEach(function (f) { if (params.get(f[0])) state[f[0]] = params.get(f[0]); });
    return state;
  };

  SearchPage.prototype.urlFor = function (state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (f) { if (state[f[0]]) params.set(f[0], state[f[0]]); });
    var query = params.toString();
    return this.base + "search/" + (query ? "?" + query : "");
  };

  SearchPage.prototype.stateFromInput = function () {
    var state = this.readUrl();
    state.q = this.input.value.trim();
    return state;
  };

  SearchPage.prototype.navigate = function (state, push) {
    var url = this.urlFor(state);
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
    this.show(state);
  };

  SearchPage.prototype.showUrl = function () {
    var state = this.readUrl();
    this.input.value = state.q;
    this.show(state);
  };

  SearchPage.prototype.setStatus = function (text) { this.status.textContent = text; };

  SearchPage.prototype.show = function (state) {
    var self = this, sequence = ++this.sequence, index = this.index;
    var started = performance.now();
    this.root.setAttribute("data-state", "loading");
    document.title = (state.q ? state.q + " - " : "") + this.title;
    index.timing = { started: started };
    index.open().then(function () {
      index.timing.opened = performance.now() - started;
      return self.needsTables(state) ? index.openTables() : null;
    }).then(function () {
      return state.q ? runQuery(index, state.q) : { tokens: [], matched: null };
    }).then(function (result) {
      if (sequence !== self.sequence) return;
      self.state = state;
      self.tokens = result.tokens;
      self.pattern = markPatterns(result.tokens);
      var filters = [];
      FACETS.forEach(function (f) {
        if (state[f[0]] !== undefined) filters.push([f[0], facetNumber(index, f[0], state[f[0]])]);
      });
      var base = [];
      if (result.matched) result.matched.forEach(function (score, id) { base.push(id); });
      else for (var id = 0; id < index.manifest.documents; id++) base.push(id);
      var passes = function (id, skip) {
        return filters.every(function (f) { return f[0] === skip || facetValues(index, f[0], id).indexOf(f[1]) >= 0; });
      };
      self.facetView = { base: base, passes: passes, filters: filters };
      self.renderFacets();
      var hits = base.filter(function (id) { return passes(id, null); });
      var scores = result.matched;
      hits.sort(function (a, b) { return (scores ? scores.get(b) - scores.get(a) : 0) || a - b; });
      self.hits = (state.q || filters.length) ? hits : [];
      self.shown = 0;
      self.results.textContent = "";
      index.timing.ranked = performance.now() - started;
      return self.showPage(false).then(function () {
        if (sequence !== self.sequence) return;
        var total = self.hits.length;
        self.empty.hidden = !(total === 0 && (state.q || filters.length));
        if (!state.q && !filters.length) self.setStatus("검색어를 입력하거나 분류를 고르세요.");
        else self.setStatus(total ? "검색 결과 " + total.toLocaleString("ko-KR") + "건" : "검색 결과가 없습니다.");
        index.timing.rendered = performance.now() - started;
        self.root.setAttribute("data-state", "done");
        self.root.setAttribute("data-query", location.search);
      });
    }).catch(function (error) {
      if (sequence !== self.sequence) return;
      self.setStatus("검색 색인을 불러오지 못했습니다. 목록에서 찾아보세요.");
      self.empty.hidden = false;
      self.root.setAttribute("data-state", "error");
      if (window.console) console.error(error);
    });
  };

  SearchPage.prototype.needsTables = function (state) {
    return this.facetsWanted || !state.q || FACETS.some(function (f) { return state[f[0]] !== undefined; }) ||
      parseQuery(state.q).some(function (t) { return t.type === "initials"; });
  };

  /* Facet counts on request: the button stands in for them until the reader asks (the tables they need
     grow with the archive, and most searches end at the first results). */
  SearchPage.prototype.offerFacets = function () {
    var self = this, button = document.createElement("button");
    button.type = "button";
    button.className = "search-more";
    button.setAttribute("data-search-facets-load", "");
    button.textContent = "도시·연도·파트너·방문지별 건수 보기";
    button.addEventListener("click", function () {
      var sequence = self.sequence;
      self.facetsWanted = true;
      button.disabled = true;
      self.index.openTables().then(function () {
        if (sequence !== self.sequence) return;
        self.renderFacets();
        var first = self.facets.querySelector("a[data-facet-link]");
        if (first) first.focus();
      }).catch(function (error) {
        button.disabled = false;
        self.setStatus("분류 정보를 불러오지 못했습니다.");
        if (window.console) console.error(error);
      });
    });
    this.facets.appendChild(button);
    this.facets.hidden = false;
  };

  SearchPage.prototype.showPage = function (focus) {
    var self = this, sequence = this.sequence;
    var ids = this.hits.slice(this.shown, this.shown + PAGE_SIZE);
    this.shown += ids.length;
    this.more.hidden = true;
    var fits = function (doc) { return snippetFits(doc, self.tokens, self.pattern); };
    return Promise.all(ids.map(function (id) { return self.index.document(id, fits); })).then(function (docs) {
      if (sequence !== self.sequence) return;
      if (!focus) self.index.timing.docsArrived = performance.now() - self.index.timing.started;
      var first = null;
      docs.forEach(function (doc, k) {
        var item = self.renderResult(doc, ids[k]);
        self.results.appendChild(item);
        first = first || item;
      });
      self.more.hidden = self.shown >= self.hits.length;
      if (focus && first) first.querySelector("a").focus();
    });
  };

  SearchPage.prototype.renderResult = function (doc, id) {
    var item = document.createElement("li");
    item.className = "search-result";
    item.setAttribute("data-result", doc.u.replace(/^briefings\/|\/$/g, ""));
    var heading = document.createElement("h3");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    link.href = this.base + doc.u;
    var title = normalizeWithMap(doc.t);
    appendMarked(link, title.source, 0, title.source.length, sourceMarks(title, this.tokens, this.pattern));
    heading.appendChild(link);
    var meta = document.createElement("p");
    meta.className = "search-result-meta";
    var time = document.createElement("time");
    time.dateTime = doc.d;
    time.textContent = doc.k;
    meta.appendChild(time);
    if (doc.c.length) meta.appendChild(document.createTextNode(" · " + doc.c.join(", ")));
    var snippet = document.createElement("p");
    snippet.className = "search-result-snippet";
    buildSnippet(snippet, doc, this.tokens, this.pattern);
    item.appendChild(heading);
    item.appendChild(meta);
    item.appendChild(snippet);
    return item;
  };

  var FACET_VISIBLE = 8;

  SearchPage.prototype.renderFacets = function () {
    var self = this, index = this.index;
    var base = this.facetView.base, passes = this.facetView.passes, filters = this.facetView.filters;
    this.facets.querySelectorAll(".search-facet, [data-search-facets-load]").forEach(function (node) { node.remove(); });
    if (!index.docs) {
      if (base.length) this.offerFacets();
      else this.facets.hidden = true;
      return;
    }
    var any = false;
    FACETS.forEach(function (f) {
      var name = f[0], counts = new Map();
      base.forEach(function (id) {
        if (!passes(id, name)) return;
        facetValues(index, name, id).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
      });
      var selected = filters.filter(function (x) { return x[0] === name; })[0];
      if (!counts.size && !selected) return;
      any = true;
      var entries = Array.from(counts.entries()).sort(function (a, b) {
        if (name === "year") return b[0] - a[0];
        return b[1] - a[1] || (facetLabel(index, name, a[0]) < facetLabel(index, name, b[0]) ? -1 : 1);
      });
      var group = document.createElement("div");
      group.className = "search-facet";
      group.setAttribute("data-facet", name);
      var heading = document.createElement("h3");
      heading.textContent = f[1];
      group.appendChild(heading);
      var list = document.createElement("ul");
      var rest = document.createElement("ul");
      if (selected) {
        var clear = Object.assign({}, self.state);
        delete clear[name];
        var label = selected[1] === null ? self.state[name] : facetLabel(index, name, selected[1]);
        list.appendChild(self.facetItem(self.urlFor(clear), label + " 해제", null, true));
      }
      entries.forEach(function (entry, k) {
        if (selected && entry[0] === selected[1]) return;
        var next = Object.assign({}, self.state);
        next[name] = facetSlug(index, name, entry[0]);
        var item = self.facetItem(self.urlFor(next), facetLabel(index, name, entry[0]), entry[1], false);
        (k < FACET_VISIBLE ? list : rest).appendChild(item);
      });
      group.appendChild(list);
      if (rest.children.length) {
        var details = document.createElement("details");
        var summary = document.createElement("summary");
        summary.textContent = f[1] + " " + rest.children.length + "개 더 보기";
        details.appendChild(summary);
        details.appendChild(rest);
        group.appendChild(details);
      }
      self.facets.appendChild(group);
    });
    this.facets.hidden = !any;
  };

  SearchPage.prototype.facetItem = function (href, label, count, selected) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = href;
    link.setAttribute("data-facet-link", "");
    link.textContent = label;
    if (selected) { link.setAttribute("aria-current", "true"); link.className = "search-facet-selected"; }
    if (count !== null) {
      var number = document.createElement("span");
      number.className = "count";
      number.textContent = " " + count.toLocaleString("ko-KR") + "건";
      link.appendChild(number);
    }
    item.appendChild(link);
    return item;
  };

  var api = {
    normalize: normalize, normalizeWithMap: normalizeWithMap, parseKoreanNumber: parseKoreanNumber,
    parseNumberWord: parseNumberWord, numbersIn: numbersIn, numberValue: numberValue, fnv1a: fnv1a,
    initials: initials, stripParticle: stripParticle, isInitials: isInitials, vocabularyKeys: vocabularyKeys,
    loose: loose, nameForm: nameForm, shardKey: shardKey,
    parseQuery: parseQuery, jamoDistance: jamoDistance, page: null
  };
  window.siteSearch = api;

  function start() {
    var root = document.querySelector("[data-search]");
    if (!root) return;
    api.page = new SearchPage(root);
    api.timing = function () { return api.page.index.timing; };
    api.page.showUrl();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
