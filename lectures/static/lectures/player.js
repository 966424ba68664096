// The lecture player: an interactive transcript next to an HTML5 video.
// Without JavaScript the transcript is a list of links (?t=SECONDS) and the video still
// has its captions; this script makes the links seek in place, highlights the cue being
// spoken, follows it unless the learner scrolls, searches the transcript, sets the speed
// and reports which parts were watched.
(function () {
    "use strict";

    var REPORT_EVERY_MS = 15000;

    function csrfToken(root) {
        var input = root.querySelector("[data-csrf]");
        return input ? input.value : "";
    }

    function setup(root) {
        var video = root.querySelector("video");
        var list = root.querySelector("[data-transcript]");
        var items = list ? Array.prototype.slice.call(list.querySelectorAll("li")) : [];
        var cues = items.map(function (item) {
            return {item: item, link: item.querySelector("a"),
                start: parseFloat(item.dataset.start), end: parseFloat(item.dataset.end),
                text: item.textContent.toLowerCase()};
        });
        var active = null;
        var follow = true;
        var autoScrollTop = null;  // where the player itself last scrolled the transcript
        var followButton = root.querySelector("[data-follow]");
        var status = root.querySelector("[data-search-status]");
        var search = root.querySelector("[data-transcript-search]");
        var hits = [];
        var hitIndex = -1;

        root.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });

        function seek(seconds, play) {
            video.currentTime = seconds;
            highlight();
            if (play && video.paused) {
                video.play().catch(function () {});
            }
        }

        root.addEventListener("click", function (event) {
            var link = event.target.closest("[data-seek]");
            if (!link || !root.contains(link)) {
                return;
            }
            event.preventDefault();
            setFollow(true);
            seek(parseFloat(link.dataset.seek), false);
        });

        // The cue being spoken: highlighted and, unless the learner scrolled, in view.
        function highlight() {
            var now = video.currentTime;
            var current = null;
            for (var i = 0; i < cues.length; i++) {
                if (cues[i].start <= now && now < cues[i].end) { current = cues[i]; break; }
            }
            if (current === active) { return; }
            if (active) {
                active.item.classList.remove("is-current");
                active.link.removeAttribute("aria-current");
            }
            active = current;
            if (!active) { return; }
            active.item.classList.add("is-current");
            active.link.setAttribute("aria-current", "time");
            if (follow && list) {
                var top = active.item.offsetTop - list.offsetTop;
                if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - active.item.offsetHeight) {
                    scrollToCue(active);
                }
            }
        }
        function scrollToCue(cue) {
            list.scrollTop = cue.item.offsetTop - list.offsetTop - list.clientHeight / 3;
            autoScrollTop = list.scrollTop;
        }
        video.addEventListener("timeupdate", highlight);
        video.addEventListener("seeked", highlight);

        // Following stops when the learner scrolls the transcript so far that the cue
        // being spoken is out of view; only then is "Follow the video again" offered.
        // Scrolling it back into view follows again.
        function setFollow(on) {
            follow = on;
            if (followButton) { followButton.hidden = on; }
        }
        function spokenCue() {
            if (active) { return active; }
            var now = video.currentTime;
            var last = cues[0] || null;
            for (var i = 0; i < cues.length && cues[i].start <= now; i++) { last = cues[i]; }
            return last;
        }
        function inView(item) {
            var box = item.getBoundingClientRect();
            var view = list.getBoundingClientRect();
            return box.height > 0 && box.bottom > view.top + 1 && box.top < view.bottom - 1;
        }
        if (list) {
            list.addEventListener("scroll", function () {
                if (autoScrollTop !== null && Math.abs(list.scrollTop - autoScrollTop) < 2) {
                    return;  // the player's own scrolling
                }
                autoScrollTop = null;
                if (search && search.value.trim()) { return; }  // a search hides cues
                var cue = spokenCue();
                setFollow(!cue || inView(cue.item));
            }, {passive: true});
        }
        if (followButton) {
            followButton.addEventListener("click", function () {
                setFollow(true);
                active = null;
                highlight();
                var cue = spokenCue();
                if (cue) {
                    if (!inView(cue.item)) { scrollToCue(cue); }  // between two cues
                    // The button is gone; the learner's focus goes to where the video is.
                    cue.link.focus({preventScroll: true});
                }
            });
        }

        var speed = root.querySelector("[data-speed]");
        if (speed) {
            speed.addEventListener("change", function () {
                video.playbackRate = parseFloat(speed.value);
            });
        }

        // Search inside the transcript: matching cues stay, the others are hidden.
        function runSearch() {
            var term = search.value.trim().toLowerCase();
            hits = [];
            hitIndex = -1;
            cues.forEach(function (cue) {
                var match = !term || cue.text.indexOf(term) !== -1;
                cue.item.hidden = !match;
                if (term && match) { hits.push(cue); }
            });
            if (!term) {
                status.textContent = "";
            } else {
                status.textContent = hits.length === 1 ? (root.dataset.oneHit || "1 hit")
                    : (root.dataset.hits || "__N__ hits").replace("__N__", hits.length);
            }
        }
        function nextHit() {
            if (!hits.length) { return; }
            hitIndex = (hitIndex + 1) % hits.length;
            seek(hits[hitIndex].start, false);
            hits[hitIndex].link.focus();
        }
        if (search) {
            search.addEventListener("input", runSearch);
            search.addEventListener("keydown", function (event) {
                if (event.key === "Enter") { event.preventDefault(); nextHit(); }
            });
            root.querySelector("[data-next-hit]").addEventListener("click", nextHit);
        }

        var printButton = root.querySelector("[data-print]");
        if (printButton) {
            printButton.addEventListener("click", function () { window.print(); });
        }

        // Start at ?t=, else where the learner left off.
        var start = root.dataset.start ? parseFloat(root.dataset.start) : null;
        var watchUrl = root.dataset.watchUrl;
        var session = null;  // the server-side viewing session that reports belong to
        function startAt(seconds) {
            if (video.readyState >= 1) { seek(seconds, false); }
            else { video.addEventListener("loadedmetadata", function () { seek(seconds, false); }, {once: true}); }
        }
        if (start !== null) { startAt(start); }
        var opening = null;  // the request that opens the session, until it answers
        if (root.dataset.sessionUrl) {
            opening = fetch(root.dataset.sessionUrl, {
                method: "POST", credentials: "same-origin",
                headers: {"X-CSRFToken": csrfToken(root)}
            }).then(function (r) { return r.json(); })
                .then(function (data) {
                    session = data.session;
                    showWatched(data);  // what earlier visits credited, before playing
                    if (start === null && data.position > 5 &&
                        (!data.duration || data.position < data.duration - 5)) {
                        startAt(data.position);
                    }
                }).catch(function () {}).then(function () { opening = null; });
            // Watched time is credited from when the session began: playing before
            // the server has opened it (a slow connection) would be time lost, so
            // playback waits the moment it takes.
            video.addEventListener("play", function () {
                if (!opening) { return; }
                video.pause();
                opening.then(function () { video.play().catch(function () {}); });
            });
        }

        // Report the played ranges (not just the position: skipping is not watching).
        var watched = root.querySelector("[data-watched]");
        function showWatched(data) {
            if (watched && data.duration && data.watched) {
                watched.textContent = Math.round(100 * data.watched / data.duration) + " % " +
                    (root.dataset.watchedLabel || "sett");
            }
        }
        var lastSent = "";
        function report() {
            if (!watchUrl || !session) { return; }
            var ranges = [];
            for (var i = 0; i < video.played.length; i++) {
                ranges.push([video.played.start(i), video.played.end(i)]);
            }
            var body = JSON.stringify({session: session, ranges: ranges, position: video.currentTime});
            if (!ranges.length || body === lastSent) { return; }  // nothing new to say
            lastSent = body;
            fetch(watchUrl, {
                method: "POST", credentials: "same-origin", keepalive: true,
                headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken(root)},
                body: body
            }).then(function (r) { return r.json(); }).then(showWatched).catch(function () {});
        }
        var timer = null;
        video.addEventListener("play", function () {
            if (!timer) { timer = setInterval(report, REPORT_EVERY_MS); }
        });
        video.addEventListener("pause", function () { clearInterval(timer); timer = null; report(); });
        video.addEventListener("ended", report);
        document.addEventListener("visibilitychange", function () {
            if (document.visibilityState === "hidden") { report(); }
        });
    }

    document.querySelectorAll("[data-lecture]").forEach(setup);
}());
