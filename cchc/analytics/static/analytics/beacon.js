/* Reading time, scroll depth and shares of one page, for the interest measure.
   No cookie, no storage, nothing about the visitor: one small POST when the page is left.
   Pages work the same without it. */
(function () {
  var me = document.currentScript, page = me && parseInt(me.getAttribute("data-page"), 10);
  if (!page || !navigator.sendBeacon) return;
  var url = "/api/stats/beacon", visible = 0, since = Date.now(), depth = 0, sent = false;
  function send(data) {
    data.page = page;
    navigator.sendBeacon(url, new Blob([JSON.stringify(data)], {type: "text/plain"}));
  }
  function scrolled() {
    var d = document.documentElement, h = d.scrollHeight - window.innerHeight;
    var p = h > 0 ? Math.round(100 * window.scrollY / h) : 100;
    if (p > depth) depth = Math.min(100, p);
  }
  function leave() {
    if (document.visibilityState === "hidden" || event.type === "pagehide") {
      if (since) { visible += Date.now() - since; since = 0; }
      if (!sent) { sent = true; send({type: "read", seconds: Math.round(visible / 1000), depth: depth}); }
    } else { since = Date.now(); }
  }
  window.addEventListener("scroll", scrolled, {passive: true});
  document.addEventListener("visibilitychange", leave);
  window.addEventListener("pagehide", leave);
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("[data-share]");
    if (a) send({type: "share", to: a.getAttribute("data-share")});
  });
  scrolled();
})();
