// Korean names for the theme controls whose English is written straight into
// sphinx-book-theme's templates (no message catalogue reaches them), so that a
// screen reader or a tooltip in a Korean view does not switch to English.
// Bootstrap's tooltips move `title` into `data-bs-original-title` (and copy it
// to `aria-label`) when they start, which may be before or after this runs, so
// all three attributes are translated. Loaded only in Korean-language views.
(() => {
  const KOREAN = {
    Main: "주 탐색",
    Page: "이 페이지의 목차",
    "Toggle primary sidebar": "주 사이드바 열기/닫기",
    "Toggle secondary sidebar": "보조 사이드바 열기/닫기",
  };
  const ATTRIBUTES = ["aria-label", "title", "data-bs-original-title"];

  function translate() {
    for (const attribute of ATTRIBUTES) {
      for (const element of document.querySelectorAll(`[${attribute}]`)) {
        const korean = KOREAN[element.getAttribute(attribute)];
        if (korean) element.setAttribute(attribute, korean);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", translate);
  } else {
    translate();
  }
})();
