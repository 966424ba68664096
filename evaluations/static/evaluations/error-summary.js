/*
 * The evaluation form's error summary (GOV.UK's pattern). On load, focus moves to
 * the summary so that a screen reader reads it: a role="alert" on a freshly loaded
 * page is often not announced. A link in it focuses its question's field (the
 * first option of a statement) and scrolls so that the question's legend or label
 * is in view too, not only the field. Without this script the links still lead to
 * the fields (plain fragment links).
 */
(function () {
    "use strict";
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();

    function questionOf(field) {
        var fieldset = field.closest("fieldset");
        if (fieldset) return fieldset.querySelector("legend") || fieldset;
        return document.querySelector('label[for="' + field.id + '"]') || field;
    }

    summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) return;
        var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!field) return;
        event.preventDefault();
        questionOf(field).scrollIntoView();
        field.focus({ preventScroll: true });
        if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", link.hash);
        }
    });
})();
