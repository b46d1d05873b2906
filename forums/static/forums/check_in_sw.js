// The door page's service worker. It is served from the door page's own path
// (…/check-in/sw.js), so its scope is that page alone: nothing else of the
// site is cached or intercepted. It keeps the page and the scripts and styles
// the page names, so that the page reloads without network; the check-ins
// themselves wait in localStorage (check_in.js) and are never cached here.
"use strict";

var CACHE = "forums-door-v1";

function pageUrl() {
  return self.registration.scope;
}

// Keep a copy only of a page really served: never a redirect (to the sign-in
// page when the session has ended) under the door page's address.
function keep(cache, url) {
  return fetch(new Request(url, { credentials: "same-origin" })).then(function (response) {
    if (response.ok && !response.redirected) { return cache.put(url, response); }
    return undefined;
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return keep(cache, pageUrl()).catch(function () {});
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("forums-door-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// The page sends the addresses of its scripts and styles (hashed names the
// worker cannot know); only same-origin addresses are kept.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (!Array.isArray(data.cache)) { return; }
  var urls = data.cache.filter(function (url) {
    try { return new URL(url, self.location.href).origin === self.location.origin; } catch (e) { return false; }
  });
  urls.push(pageUrl());
  var reply = event.ports && event.ports[0];
  caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return keep(cache, url).catch(function () {});
    }));
  }).then(function () {
    if (reply) { reply.postMessage({ cached: urls.length }); }
  });
});

// Network first, so that an online page is always fresh; the cache answers
// only when the network does not. Only GETs: the check-ins are POSTs.
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      var key = request.mode === "navigate" ? pageUrl() : request;
      return fetch(request).then(function (response) {
        if (response.ok && !response.redirected) {
          return cache.match(key).then(function (known) {
            // Refresh what is kept; keep nothing new (the page says what to keep).
            if (known) { cache.put(key, response.clone()); }
            return response;
          });
        }
        return response;
      }).catch(function () {
        return cache.match(key).then(function (kept) {
          return kept || Response.error();
        });
      });
    })
  );
});
