// Keyboard navigation for the course mindmap (WAI-ARIA tree pattern keys).
// Without JavaScript every topic is an ordinary link in the tab order; with it, the
// map is one tab stop and the arrow keys move between topics:
//   Down/Up: next/previous topic in list order; Right: first subtopic;
//   Left: the main topic above; Home/End: first/last topic; Enter opens (a link).
(function () {
    "use strict";

    function setup(map) {
        var links = Array.prototype.slice.call(map.querySelectorAll("a.mindmap__node"));
        if (!links.length) {
            return;
        }
        var byId = {};
        links.forEach(function (link) {
            byId[link.dataset.nodeId] = link;
            link.tabIndex = -1;
        });
        links[0].tabIndex = 0;

        function moveTo(target) {
            if (!target) {
                return;
            }
            links.forEach(function (link) {
                link.tabIndex = link === target ? 0 : -1;
            });
            target.focus();
            if (target.scrollIntoView) {
                target.scrollIntoView({block: "nearest", inline: "nearest"});
            }
        }

        function firstChild(link) {
            var item = link.parentElement;
            var child = item.querySelector(":scope > ul > li > a.mindmap__node");
            return child || null;
        }

        map.addEventListener("keydown", function (event) {
            var current = event.target.closest ? event.target.closest("a.mindmap__node") : null;
            if (!current) {
                return;
            }
            var index = links.indexOf(current);
            var target = null;
            switch (event.key) {
            case "ArrowDown":
                target = links[index + 1];
                break;
            case "ArrowUp":
                target = links[index - 1];
                break;
            case "ArrowRight":
                target = firstChild(current);
                break;
            case "ArrowLeft":
                target = byId[current.dataset.parentId];
                break;
            case "Home":
                target = links[0];
                break;
            case "End":
                target = links[links.length - 1];
                break;
            default:
                return;
            }
            event.preventDefault();
            moveTo(target);
        });

        // Light up the cross-links ("related topics") of the topic in hand.
        var crossLinks = Array.prototype.slice.call(map.querySelectorAll(".mindmap__cross-link"));
        function highlight(link) {
            var id = link ? link.dataset.nodeId : null;
            crossLinks.forEach(function (path) {
                var ends = (path.getAttribute("data-ends") || "").split(" ");
                path.classList.toggle("is-active", id !== null && ends.indexOf(id) !== -1);
            });
        }
        map.addEventListener("mouseover", function (event) {
            highlight(event.target.closest ? event.target.closest("a.mindmap__node") : null);
        });
        map.addEventListener("mouseleave", function () {
            highlight(map.contains(document.activeElement) ? document.activeElement : null);
        });
        map.addEventListener("focusout", function () {
            highlight(null);
        });

        map.addEventListener("focusin", function (event) {
            highlight(links.indexOf(event.target) !== -1 ? event.target : null);
            if (links.indexOf(event.target) !== -1) {
                links.forEach(function (link) {
                    link.tabIndex = link === event.target ? 0 : -1;
                });
            }
        });
    }

    // A map wider than its box (many main topics, or a narrow window) is shown whole,
    // zoomed out, when its text stays readable that way; the button switches between
    // the whole map and full size (which scrolls). Below 600 px the map is a list.
    var MIN_READABLE_ZOOM = 0.6;

    function setupZoom(map) {
        var canvas = map.querySelector(".mindmap__canvas");
        var button = map.parentElement.querySelector("[data-mindmap-zoom]");
        if (!canvas || !button) {
            return;
        }
        var choice = null; // the learner's: "fit" or "full"; null until they choose

        function update() {
            canvas.style.zoom = "";
            var isMap = getComputedStyle(canvas).position === "relative";
            var natural = canvas.offsetWidth;
            var room = map.clientWidth;
            var fit = natural > 0 ? Math.min(1, room / natural) : 1;
            if (!isMap || fit >= 1) {
                button.hidden = true;
                return;
            }
            button.hidden = false;
            var mode = choice || (fit >= MIN_READABLE_ZOOM ? "fit" : "full");
            if (mode === "fit") {
                canvas.style.zoom = String(Math.floor(fit * 1000) / 1000);
            }
            button.textContent = mode === "fit" ? button.dataset.labelFull : button.dataset.labelFit;
        }

        button.addEventListener("click", function () {
            choice = canvas.style.zoom ? "full" : "fit";
            update();
        });
        window.addEventListener("resize", update);
        update();
    }

    document.querySelectorAll("[data-mindmap]").forEach(function (map) {
        setup(map);
        setupZoom(map);
    });
}());
