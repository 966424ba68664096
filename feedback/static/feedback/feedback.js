/* "Ge synpunkter" in place: the link opens the form on the same page, the form is
   sent with fetch and the answer (errors or the confirmation) replaces it. Without
   JavaScript the link leads to the form's own page, which works the same way. */
(function () {
    "use strict";
    const INLINE = { "X-Feedback-Inline": "1" };

    function setUp(box) {
        const link = box.querySelector("[data-feedback-open]");
        const panel = box.querySelector("[data-feedback-panel]");
        // The live region is made on first use, so a page where nobody opens the
        // form has no empty status region of its own.
        let status = null;
        if (!link || !panel || !window.fetch) return;
        const url = link.getAttribute("href");
        const failed = link.dataset.errorMessage;

        // A disclosure button replaces the link (the link stays for no-JS visitors).
        const toggle = document.createElement("button");
        toggle.type = "button";
        toggle.className = link.className;
        toggle.innerHTML = link.innerHTML;
        toggle.setAttribute("aria-expanded", "false");
        toggle.setAttribute("aria-controls", panel.id);
        link.replaceWith(toggle);

        function liveRegion() {
            if (!status) {
                status = document.createElement("p");
                status.className = "visually-hidden";
                status.setAttribute("role", "status");
                status.setAttribute("aria-live", "polite");
                box.querySelector(".feedback__inner").appendChild(status);
            }
            return status;
        }

        function announce(text) {
            status.textContent = "";
            window.setTimeout(function () { status.textContent = text; }, 50);
        }

        function show(html) {
            panel.innerHTML = html;
            panel.hidden = false;
            toggle.setAttribute("aria-expanded", "true");
            wire();
            const target = panel.querySelector("[data-feedback-errors]") ||
                panel.querySelector("[data-feedback-focus]");
            // The focused heading (or error summary) is what a screen reader
            // reads; the live region stays quiet, or the thanks would be heard twice
            // (and the learner's own text read back with its labels run together).
            if (target) target.focus();
            if (panel.querySelector("[data-feedback-sent]")) {
                toggle.setAttribute("aria-expanded", "false");
                toggle.hidden = true;
            }
        }

        // Cancel empties the form; Esc (easily pressed by accident) only folds it
        // away, and the toggle opens it again with what was typed.
        function close(discard) {
            panel.hidden = true;
            if (discard) panel.innerHTML = "";
            toggle.setAttribute("aria-expanded", "false");
            toggle.focus();
        }

        function reopen() {
            panel.hidden = false;
            toggle.setAttribute("aria-expanded", "true");
            const target = panel.querySelector("[data-feedback-focus]");
            if (target) target.focus();
        }

        function load(response) {
            // Sent elsewhere (to log in again, say): go there as a whole page.
            if (response.redirected) {
                window.location.href = response.url;
                return null;
            }
            if (response.ok || response.status === 429) return response.text().then(show);
            throw new Error(String(response.status));
        }

        function fail() {
            announce(failed);
            const submit = panel.querySelector("button[type=submit]");
            if (submit) submit.disabled = false;
        }

        function counter() {
            const text = panel.querySelector("textarea");
            const count = panel.querySelector("[data-feedback-count]");
            const value = panel.querySelector("[data-feedback-count-value]");
            if (!text || !count || !value) return;
            const update = function () { value.textContent = String(text.value.length); };
            count.hidden = false;
            update();
            text.addEventListener("input", update);
        }

        function wire() {
            counter();
            const form = panel.querySelector("[data-feedback-form]");
            const cancel = panel.querySelector("[data-feedback-cancel]");
            if (cancel) cancel.addEventListener("click", function () { close(true); });
            if (!form) return;
            form.addEventListener("submit", function (event) {
                event.preventDefault();
                const submit = form.querySelector("button[type=submit]");
                if (submit) submit.disabled = true;
                fetch(form.action, {
                    method: "POST",
                    body: new FormData(form),
                    headers: INLINE,
                    credentials: "same-origin",
                }).then(load).catch(fail);
            });
        }

        // Esc folds the open form away (keeping the text); focus goes back to the toggle.
        box.addEventListener("keydown", function (event) {
            if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true") return;
            event.preventDefault();
            close(false);
        });

        toggle.addEventListener("click", function () {
            liveRegion();
            if (toggle.getAttribute("aria-expanded") === "true") {
                close(false);
                return;
            }
            if (panel.querySelector("[data-feedback-form]")) {
                reopen();
                return;
            }
            fetch(url, { headers: INLINE, credentials: "same-origin" })
                .then(load)
                .catch(function () { window.location.href = url; });
        });
    }

    document.querySelectorAll("[data-feedback]").forEach(setUp);
})();
