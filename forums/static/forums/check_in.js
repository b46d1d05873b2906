// The door page: camera scan where the browser has BarcodeDetector, the code
// typed otherwise; without network the check-ins wait in localStorage and are
// sent when the connection returns (the server records each badge once).
(function () {
  "use strict";
  var form = document.getElementById("check-in-form");
  if (!form) { return; }
  var input = form.querySelector("input[name=code]");
  var result = document.getElementById("check-in-result");
  var pendingLine = document.getElementById("check-in-pending");
  var url = form.dataset.recordUrl;
  var key = "forums-check-in:" + url;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function queue() {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(items) {
    localStorage.setItem(key, JSON.stringify(items));
    pendingLine.textContent = items.length ? form.dataset.pending + " " + items.length : "";
  }
  function show(text, ok) {
    result.textContent = "";
    var p = document.createElement("p");
    p.className = ok ? "success" : "error";
    p.textContent = text;
    result.appendChild(p);
  }
  function send(entry) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(entry)
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }
  function flush() {
    var items = queue();
    if (!items.length || !navigator.onLine) { return; }
    var entry = items[0];
    send(entry).then(function () {
      save(queue().slice(1));
      flush();
    }).catch(function () { /* still offline: try again later */ });
  }
  function record(code) {
    var entry = { code: code, at: new Date().toISOString() };
    send(entry).then(function (answer) {
      if (answer.status === 200) {
        show(answer.data.name + " – " + answer.data.type + " – " +
          (answer.data.created ? form.dataset.checked : form.dataset.already), true);
      } else {
        show(answer.data.error || "?", false);
      }
    }).catch(function () {
      var items = queue();
      items.push(entry);
      save(items);
      show(form.dataset.offline, true);
    });
  }
  form.addEventListener("submit", function (event) {
    if (!window.fetch) { return; }
    event.preventDefault();
    var code = input.value.trim();
    if (code) { record(code); }
    input.value = "";
    input.focus();
  });
  window.addEventListener("online", flush);
  save(queue());
  flush();

  // Reloading without network: the page's own service worker (scope: this
  // page) keeps the page and the scripts and styles it names.
  if ("serviceWorker" in navigator && form.dataset.serviceWorker) {
    navigator.serviceWorker.register(form.dataset.serviceWorker, { scope: "./" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var assets = [];
      document.querySelectorAll("script[src], link[rel=stylesheet][href], link[rel=icon][href]").forEach(function (node) {
        assets.push(node.src || node.href);
      });
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { form.dataset.offlineReady = "true"; };
      registration.active.postMessage({ cache: assets }, [channel.port2]);
    }).catch(function () { /* without a worker the page still works online */ });
  }

  var button = document.getElementById("scan-button");
  var video = document.getElementById("scan-video");
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var last = "";
        var tick = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length && codes[0].rawValue !== last) {
              last = codes[0].rawValue;
              record(last);
            }
          }).finally(function () { window.setTimeout(tick, 400); });
        };
        tick();
      });
    });
  }
})();
