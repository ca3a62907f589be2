/* Starts Wagtail's admin widgets (date pickers, choosers) from data attributes instead of the
   inline <script> Wagtail writes after them, which the back office's CSP refuses.
   <span hidden data-controller="cchc-init" data-cchc-init-call-value="initDateChooser"
         data-cchc-init-args-value='["id_go_live_at", {...}]'> runs initDateChooser(...args)
   once, after the page's scripts have loaded (cchc/headers/widgets.py writes these). */
(() => {
  "use strict";
  // Only Wagtail's widget initialisers may be called this way.
  const ALLOWED = /^(init(Date|Time|DateTime)Chooser|createTaskChooser|[A-Z][A-Za-z]*Chooser)$/;

  class WidgetInit extends window.StimulusModule.Controller {
    static values = { call: String, args: Array, construct: Boolean };

    connect() {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", () => this.run(), { once: true });
      } else {
        this.run();
      }
    }

    run() {
      // Once per element: Stimulus reconnects an element that is moved (inline panels).
      if (this.element.dataset.cchcInitDone) return;
      this.element.dataset.cchcInitDone = "1";
      const name = this.callValue;
      const fn = window[name];
      if (!ALLOWED.test(name) || typeof fn !== "function") {
        console.error("cchc-init: unknown widget initialiser", name);
        return;
      }
      const input = document.getElementById(this.argsValue[0]);
      // A StreamField widget rendered by telepath is started by telepath itself.
      if (input && window.jQuery && window.jQuery(input).data("xdsoft_datetimepicker")) return;
      if (this.constructValue) {
        new fn(...this.argsValue);
      } else {
        fn(...this.argsValue);
      }
    }
  }

  window.wagtail.app.register("cchc-init", WidgetInit);
})();
