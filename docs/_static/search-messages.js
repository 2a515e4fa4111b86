// The search page's messages, worded for this site (docs/_ext/search_page.py).
// Sphinx's own say "…and that you've selected enough categories", and this
// site has no categories; its Korean catalogue also leaves the count of found
// pages empty (Sphinx 9 ships [""] for that plural), so the page showed a blank
// line. Only messages Sphinx's catalogue gets wrong are here.
(() => {
  "use strict";
  const MESSAGES = {
    ko: {
      "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
        "검색어와 일치하는 페이지가 없습니다. 철자를 확인하거나 다른 낱말로 찾아보세요(예: 학습률, 미니배치, 손실 함수).",
      "Search finished, found one page matching the search query.": [
        "검색을 마쳤습니다. 검색어와 일치하는 페이지를 ${resultCount}개 찾았습니다.",
      ],
    },
    en: {
      "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
        "No page matches your search. Check the spelling, or try other words (for example, learning rate, minibatch, loss function).",
    },
  };
  const lang = document.documentElement.lang === "en" ? "en" : "ko";
  if (typeof Documentation === "undefined") return;
  Documentation.addTranslations({
    messages: MESSAGES[lang],
    // Korean has one plural form; English picks singular or plural itself.
    plural_expr: lang === "ko" ? "0" : "n == 1 ? 0 : 1",
    locale: lang,
  });
})();
