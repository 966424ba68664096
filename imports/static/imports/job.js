// An import job's page follows the job: every two seconds it asks for the job's
// status (the same address with ?format=json), moves the progress bar, and updates
// the status line (a polite live region) only when the stage changes or the bar
// moves on by a tenth, so a screen reader is not flooded. When the job moves to
// another status (review, done, refused), the page loads again to show it; it then
// has no progress section and stops asking.
(function () {
  "use strict";
  var section = document.querySelector("[data-import-progress]");
  if (!section) {
    return;
  }
  var bar = section.querySelector("progress");
  var line = section.querySelector("[data-import-stage]");
  var url = section.getAttribute("data-status-url");
  var status = section.getAttribute("data-status");
  var announced = { stage: null, progress: -100 };

  function show(data) {
    if (data.status !== status) {
      window.location.reload();
      return;
    }
    if (data.progress > 0 || data.status === "importing") {
      bar.value = data.progress;
      bar.textContent = data.progress + " %";
    }
    var text = data.stage || data.status_label;
    if (text !== announced.stage || data.progress - announced.progress >= 10) {
      announced = { stage: text, progress: data.progress };
      line.textContent = data.progress ? text + " – " + data.progress + " %" : text;
    }
    window.setTimeout(poll, 2000);
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(show)
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 2000);
})();
