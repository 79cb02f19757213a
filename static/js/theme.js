// The reader's colour scheme. Loaded in <head> without `defer`, so a remembered
// choice is applied before the first paint (no flash of the other scheme). The
// choice lives in localStorage, never in a cookie: the server does not need it.
// Without a choice, CSS follows the system's prefers-color-scheme.
(() => {
  const KEY = "newsroom-theme";
  const root = document.documentElement;
  const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  let stored = null;
  try {
    stored = window.localStorage.getItem(KEY);
  } catch {
    // Storage blocked (private mode, policy): the system scheme applies.
  }
  if (stored === "dark" || stored === "light") root.dataset.bsTheme = stored;

  const current = () => root.dataset.bsTheme || (systemDark.matches ? "dark" : "light");

  document.addEventListener("DOMContentLoaded", () => {
    const button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    const show = () => button.setAttribute("aria-pressed", String(current() === "dark"));
    button.hidden = false;
    show();
    button.addEventListener("click", () => {
      const next = current() === "dark" ? "light" : "dark";
      root.dataset.bsTheme = next;
      try {
        window.localStorage.setItem(KEY, next);
      } catch {
        // Not remembered, but this page still switches.
      }
      show();
    });
    systemDark.addEventListener("change", show);
  });
})();
