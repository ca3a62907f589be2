/* Intentionally empty. Loaded with `defer` right after site.css: a deferred script runs only once
   the stylesheets before it have loaded, so DOMContentLoaded waits for site.css. Chrome's form
   autofill lays the page out at DOMContentLoaded (every page has the search form); when the
   stylesheet came later, the whole page was laid out twice, first unstyled with the default
   serif fonts: the long task behind the procedure list's blocking time (decision 0018). */
