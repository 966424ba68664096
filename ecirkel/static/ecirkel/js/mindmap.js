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

        map.addEventListener("focusin", function (event) {
            if (links.indexOf(event.target) !== -1) {
                links.forEach(function (link) {
                    link.tabIndex = link === event.target ? 0 : -1;
                });
            }
        });
    }

    document.querySelectorAll("[data-mindmap]").forEach(setup);
}());
