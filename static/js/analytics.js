// Cookie-free reader counting (see /privacy/): one beacon per page view, and one
// when the campaign banner is seen or clicked. Nothing is stored in the browser
// except, for the membership checkout, the first page of this visit (in this
// tab's sessionStorage, gone when the tab closes). Do Not Track and Global
// Privacy Control turn all of it off.
(() => {
  const script = document.currentScript;
  const endpoint = script && script.dataset.endpoint;
  if (!endpoint) return;
  if (navigator.doNotTrack === "1" || window.doNotTrack === "1" || navigator.globalPrivacyControl) {
    return;
  }
  const send = (payload) => {
    const body = JSON.stringify({ p: location.pathname, ...payload });
    // text/plain keeps it a simple request: no preflight, no credentials needed.
    const blob = new Blob([body], { type: "text/plain" });
    if (!(navigator.sendBeacon && navigator.sendBeacon(endpoint, blob))) {
      fetch(endpoint, { method: "POST", body: blob, keepalive: true, credentials: "omit" }).catch(() => {});
    }
  };
  const LANDING_KEY = "newsroom.visit.landing";
  const start = () => {
    try {
      if (!sessionStorage.getItem(LANDING_KEY)) {
        sessionStorage.setItem(LANDING_KEY, location.pathname);
      }
    } catch (error) {
      // Storage disabled: the checkout then records only the last page.
    }
    send({ k: "view", q: location.search, r: document.referrer });
    const banner = document.querySelector("[data-campaign-banner][data-campaign-id]");
    if (banner) {
      const campaign = banner.dataset.campaignId;
      send({ k: "banner_impression", c: campaign });
      banner.addEventListener("click", (event) => {
        if (event.target.closest("a")) send({ k: "banner_click", c: campaign });
      });
    }
    // The membership and gift forms carry the visit's first page to the checkout.
    for (const field of document.querySelectorAll("input[data-visit-landing]")) {
      try {
        field.value = sessionStorage.getItem(LANDING_KEY) || "";
      } catch (error) {
        field.value = "";
      }
    }
  };
  // A prerendered page is counted only if the reader actually opens it.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", start, { once: true });
  } else {
    start();
  }
})();
