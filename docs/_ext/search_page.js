/* search_page.js (docs/_ext/search_page.py): Sphinx appends this file to
 * language_data.js, which every page loads after searchtools.js. It needs
 * BI_SEARCH = {weights: {docname: points}, forms: {query word: [phrases]}}.
 *
 * - Ranking: a page's weight is added to its word and title matches, so the
 *   chapter comes first for its own words; the exact name of an exercise
 *   function (make_loss) still leads to its API entry first.
 * - Snippets: taken from the article body only, without navigation, permalinks
 *   or the term tooltips (which would double every term).
 * - Highlighting: the search page stores the query's words (for Korean, also
 *   the form without its particle: 손실을 -> 손실) and, for a learner's variant,
 *   the words the pages use (학습률 -> 학습 속도); the page a result leads to
 *   marks them inside its article.
 */
(() => {
  "use strict";
  const data = typeof BI_SEARCH === "undefined" ? { weights: {}, forms: {} } : BI_SEARCH;
  const PHRASES_KEY = "d2l-ko-3.3:highlight-phrases";
  const hangul = /[\uac00-\ud7a3]/;
  const BLOCKS = "p, li, dt, dd, h1, h2, h3, h4, h5, h6, td, th, pre, figcaption, summary, div";
  const NOT_TEXT = ".headerlink, script, style, nav, .bi-term-tip, .bi-switcher, .prev-next-area, .bd-toc";

  if (typeof Scorer !== "undefined") {
    // Pages: the weight is added to word and title matches. API entries (the
    // exercise functions) keep Sphinx's scores, with modules ranked like
    // functions; an exact name (make_loss) goes above any page's word match.
    Scorer.objPrio[0] = Scorer.objPrio[1];
    const exactName = Scorer.objNameMatch + Scorer.objPrio[1];
    const topWord = Scorer.term + Math.max(0, ...Object.values(data.weights));
    Scorer.score = (result) => {
      const [docname, , , , score, , kind] = result;
      if (kind === "object") return score >= exactName ? Math.max(score, topWord + 1) : score;
      return score + (data.weights[docname] || 0);
    };
  }

  const phrasesFor = (words) => {
    const phrases = new Set();
    for (const word of words) for (const phrase of data.forms[word.toLowerCase()] || []) phrases.add(phrase);
    return [...phrases];
  };

  // The article's text, a space between blocks, with nothing a reader does not read.
  const bodyText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    const article = page.querySelector("article.bd-article") || page.querySelector('[role="main"]');
    if (!article) return "";
    article.querySelectorAll(NOT_TEXT).forEach((element) => element.remove());
    article.querySelectorAll(BLOCKS).forEach((element) => element.append(" "));
    const part = (anchor && article.querySelector(anchor)) || article;
    return part.textContent.replace(/\s+/g, " ").trim();
  };

  if (typeof Search !== "undefined") {
    Search.htmlToText = bodyText;
    const summary = Search.makeSearchSummary;
    // A variant (학습률) is not on the page: start the snippet at the page's word.
    Search.makeSearchSummary = (htmlText, keywords, anchor) =>
      summary(htmlText, [...keywords, ...phrasesFor(keywords)], anchor);
    const parse = Search._parseQuery;
    Search._parseQuery = (query) => {
      const parsed = parse(query);
      const [, searchTerms, , highlightTerms] = parsed;
      for (const term of searchTerms) if (hangul.test(term)) highlightTerms.add(term);
      const phrases = phrasesFor([...highlightTerms, ...searchTerms]);
      try {
        localStorage.setItem("sphinx_highlight_terms", [...highlightTerms].join(" "));
        localStorage.setItem(PHRASES_KEY, JSON.stringify(phrases));
      } catch (error) { /* storage disabled: no highlighting */ }
      // The snippets mark the page's own words for a variant too (학습 속도).
      for (const phrase of phrases) highlightTerms.add(phrase.toLowerCase());
      return parsed;
    };
  }

  // On the page a result leads to (not on the search page itself). Sphinx's own
  // sphinx_highlight.js skips every page that loads searchtools.js, which this
  // theme does on all of them, so nothing was ever highlighted.
  const highlightArticle = () => {
    if (document.getElementById("search-results")) return;
    let words = [];
    let phrases = [];
    try {
      words = (localStorage.getItem("sphinx_highlight_terms") || "").split(/\s+/).filter(Boolean);
      phrases = JSON.parse(localStorage.getItem(PHRASES_KEY) || "[]");
      localStorage.removeItem("sphinx_highlight_terms");
      localStorage.removeItem(PHRASES_KEY);
    } catch (error) { return; }
    const article = document.querySelector("article.bd-article");
    if (!article || typeof _highlightText === "undefined") return;
    // Longest first, so 학습 속도 is marked before 학습 could split it.
    const all = [...new Set([...phrases, ...words].map((text) => text.toLowerCase()))]
      .sort((a, b) => b.length - a.length);
    for (const text of all) _highlightText(article, text, "highlighted");
  };
  if (typeof _ready !== "undefined") _ready(highlightArticle);
})();
