"""Security headers (issue 9 part 5; docs/decisions/0011-security-headers.md).

`middleware.PolicyByAreaMiddleware` sends the public or back-office Content-Security-Policy;
`widgets` and `static/headers/widget-init.js` let Wagtail's admin widgets start without inline
script; `views.media` serves the demo's uploads with safe headers.
"""
