// Term tooltips (bi_terms): the other language's name of a key term.
// - Mouse and keyboard: shown on hover and focus (CSS), kept on screen here.
// - Touch: the first tap shows the tooltip, a second tap follows the link to
//   the glossary; a tap anywhere else closes it.
(function () {
  "use strict";
  var MARGIN = 8;

  function terms() { return document.querySelectorAll(".bi-term.bi-term-shown"); }

  // Shift the tooltip sideways (and below the term if there is no room above)
  // so all of it is inside the viewport.
  function place(term) {
    var tip = term.querySelector(".bi-term-tip");
    if (!tip) return;
    tip.style.left = "";
    term.classList.remove("bi-term-below");
    var rect = tip.getBoundingClientRect();
    if (!rect.width) return;
    var width = document.documentElement.clientWidth;
    var shift = 0;
    if (rect.right > width - MARGIN) shift = width - MARGIN - rect.right;
    if (rect.left + shift < MARGIN) shift = MARGIN - rect.left;
    if (shift) tip.style.left = shift + "px";
    var header = document.querySelector(".bd-header-article");
    var top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    if (rect.top < top + MARGIN / 2) term.classList.add("bi-term-below");
  }

  function show(term) {
    terms().forEach(function (other) { if (other !== term) hide(other); });
    term.classList.add("bi-term-shown");
    place(term);
  }

  function hide(term) { term.classList.remove("bi-term-shown", "bi-term-below"); }

  document.addEventListener("mouseover", function (event) {
    var term = event.target.closest && event.target.closest(".bi-term");
    if (term && !term.classList.contains("bi-term-shown")) show(term);
  });
  document.addEventListener("mouseout", function (event) {
    var term = event.target.closest && event.target.closest(".bi-term");
    if (term && !term.contains(event.relatedTarget) && !term.classList.contains("bi-term-tapped")) hide(term);
  });
  document.addEventListener("focusin", function (event) {
    var term = event.target.closest && event.target.closest(".bi-term");
    if (term) show(term);
  });
  document.addEventListener("focusout", function (event) {
    var term = event.target.closest && event.target.closest(".bi-term");
    if (term && !term.contains(event.relatedTarget)) { hide(term); term.classList.remove("bi-term-tapped"); }
  });

  var lastPointer = "";
  document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.bi-term-link");
    var pointer = event.pointerType || lastPointer;
    if (!link) {
      document.querySelectorAll(".bi-term.bi-term-tapped").forEach(function (term) {
        term.classList.remove("bi-term-tapped");
        hide(term);
      });
      return;
    }
    if (pointer !== "touch" && pointer !== "pen") return;  // mouse, keyboard: follow
    var term = link.closest(".bi-term");
    if (term.classList.contains("bi-term-tapped")) return;  // second tap: follow
    event.preventDefault();
    document.querySelectorAll(".bi-term.bi-term-tapped").forEach(function (other) {
      other.classList.remove("bi-term-tapped");
    });
    term.classList.add("bi-term-tapped");
    show(term);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") terms().forEach(hide);
  });
})();
