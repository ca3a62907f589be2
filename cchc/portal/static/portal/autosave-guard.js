// Autosave keeps what it did not send (issue 10 item 3, docs/decisions/0021).
// On the edit view Wagtail 8.0.1 marks the whole form as saved when an autosave succeeds
// (w-unsaved#clear takes a new snapshot of the form as it is then), so a change made in the last
// half second of a save's journey was taken for saved: no further autosave, no warning on leaving.
// Here the snapshot becomes what was actually sent; the next check sees the difference and saves.
// (The add view has no autosave: cchc/portal/admin_editor.py.)
(() => {
  const IGNORED = ["csrfmiddlewaretoken", "loaded_revision_id", "loaded_revision_created_at",
    "next", "overwrite_revision_id"];
  const serialise = (formData) => {
    const data = new FormData();
    for (const [key, value] of formData.entries()) {
      if (IGNORED.includes(key) || key.startsWith("comments-")) continue;
      if (value instanceof File) {
        data.append(key, new URLSearchParams([["name", value.name], ["size", `${value.size}`],
          ["type", value.type]]).toString());
      } else {
        data.append(key, value);
      }
    }
    return new URLSearchParams(data).toString();
  };
  const sent = new WeakMap();
  document.addEventListener("w-autosave:save", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && event.detail && event.detail.formData) {
      sent.set(form, serialise(event.detail.formData));
    }
  });
  document.addEventListener("w-autosave:success", (event) => {
    const form = event.target;
    const snapshot = sent.get(form);
    const app = window.wagtail && window.wagtail.app;
    if (!(form instanceof HTMLFormElement) || snapshot === undefined || !app) return;
    const unsaved = app.getControllerForElementAndIdentifier(form, "w-unsaved");
    if (!unsaved) return;
    unsaved.initialFormData = snapshot;
    unsaved.previousFormData = snapshot;
  });
})();
