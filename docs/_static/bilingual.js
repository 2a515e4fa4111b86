// Bilingual views: switch to the same place in another view, and remember the
// reader's choice (the site root uses it to pick a view on the next visit).
(function () {
  "use strict";
  var STORAGE_KEY = "d2l-ko-3.3:view";

  // The element the reader is looking at: the deep-linked target while it is
  // still on screen, otherwise the last section, unit or figure whose top has
  // passed the top of the viewport (below the sticky header).
  function currentAnchor() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var target = hash && document.getElementById(hash);
    if (target) {
      var rect = target.getBoundingClientRect();
      if (rect.bottom > 0 && rect.top < window.innerHeight) return hash;
    }
    var padding = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    var limit = padding + 16;
    var best = "";
    var candidates = document.querySelectorAll(
      "article section[id], article .bi-unit[id], article figure[id]");
    for (var i = 0; i < candidates.length; i++) {
      if (candidates[i].getBoundingClientRect().top > limit) break;
      best = candidates[i].id;
    }
    return best;
  }

  function remember(view) {
    try { localStorage.setItem(STORAGE_KEY, view); } catch (error) { /* private mode */ }
  }

  // Mouse, touch and keyboard (Enter on a link fires "click") all pass here.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.bi-switch");
    if (!link) return;
    remember(link.dataset.view);
    // The search page keeps its query (?q=...) in the other view.
    var url = link.getAttribute("href").split("#")[0].split("?")[0] + location.search;
    var anchor = currentAnchor();
    link.setAttribute("href", anchor ? url + "#" + encodeURIComponent(anchor) : url);
  });
})();
