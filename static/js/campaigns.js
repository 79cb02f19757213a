// Hide the campaign banner without reloading the page. Without JavaScript the
// form posts and redirects back, with the same result.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("[data-campaign-banner-dismiss]");
  if (!form) return;
  event.preventDefault();
  fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  }).then((response) => {
    if (!response.ok) {
      form.submit();
      return;
    }
    const banner = form.closest("[data-campaign-banner]");
    banner.hidden = true;
    document.getElementById("content")?.focus();
  }).catch(() => form.submit());
});
