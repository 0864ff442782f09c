/* `chronicle serve`: when the last build failed, the page says so over itself (the file and
   line of the error) until a build succeeds; the page reloads after every rebuild. Text
   goes in as text. */
(function () {
  "use strict";
  function show(error) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = "/_chronicle/overlay.css";
    document.head.appendChild(css);
    var box = document.createElement("div");
    box.className = "chronicle-build-error";
    box.setAttribute("role", "alert");
    var title = document.createElement("strong");
    title.textContent = "The site does not build. The page shows the last build that worked.";
    var text = document.createElement("pre");
    text.textContent = error;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(close);
    document.body.appendChild(box);
  }
  function check() {
    fetch("/_chronicle/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (status) { if (status && status.error) { show(String(status.error)); } })
      .catch(function () {});
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", check);
  } else { check(); }
})();
