// Minimal Spectrum service worker: network first for the member's feed, falling back to the last loaded copy
// when offline (nothing else is cached), and the weekly-summary web push (opt-in on the member page).
const CACHE = "spectrum-feed-v1";
const CACHED_PATHS = ["/api/v1/spectrum/me"];

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !CACHED_PATHS.includes(url.pathname)) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request).then((hit) => hit || Response.error())),
  );
});

// Weekly summary push: the payload is generic (title, body, url, tag), never the insight text itself.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Your weekly Spectrum", {
      body: data.body || "Your weekly summary is ready.",
      icon: "/spectrum-icon.svg",
      tag: data.tag || "spectrum-weekly",
      data: { url: typeof data.url === "string" && data.url.startsWith("/") ? data.url : "/me" },
    }),
  );
});

// Opens the member page (or focuses a tab already showing it).
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || "/me", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((tabs) => {
      const open = tabs.find((tab) => tab.url === target);
      return open ? open.focus() : self.clients.openWindow(target);
    }),
  );
});
