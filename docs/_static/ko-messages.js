// Korean for Sphinx's search messages whose Korean translation is empty
// (Sphinx 9 ships [""] for the "Search finished" plural), so the search page
// would show a blank line instead of the count. Loaded only in Korean views.
Documentation.addTranslations({
  messages: {
    "Search finished, found one page matching the search query.": [
      "검색을 마쳤습니다. 검색어와 일치하는 페이지를 ${resultCount}개 찾았습니다.",
    ],
  },
  plural_expr: "0",
  locale: "ko",
});
