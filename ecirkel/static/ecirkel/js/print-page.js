// A button with data-print-page prints the page (e.g. the role-play cards). A file
// of its own rather than onclick="window.print()": the Content-Security-Policy
// allows no inline handlers.
(function () {
    "use strict";
    document.addEventListener("click", function (event) {
        var button = event.target.closest("[data-print-page]");
        if (button) {
            window.print();
        }
    });
}());
