"""The review loop in plain words (issue 10, item 4; decision 0019).

An editor writes, submits ("Gửi duyệt"), reads the reviewer's request for changes where they work
(a banner on the page's edit view, a "Bài cần sửa" panel on their dashboard), resubmits; a
coordinator or leader approves or asks for changes, and every step ends with a message that says
what happened and what comes next. Wagtail's workflow does the work; this package only names it:
- `states`: the state of a page in the loop, its label and its one-sentence explanation;
- `selectors`: the change requests a page or a user has, and who reviews a page;
- `menu`: the editor footer's actions (main action, plain labels, no cancel for editors);
- `views`: Wagtail's page views with the confirmations and the banner;
- `panels`: the banner and the dashboard panel; `hooks`: their registration.
"""
