/*
 * The call-back queue, kept current without a reload: every half minute the page asks the
 * queue's updates address (#queue-updates data-url) how many requests arrived since it was
 * drawn, puts the count in the tab's title ("(3) Call-back queue") and shows a notice with a
 * link that reloads the list. Nothing here changes the list on its own: a coordinator in the
 * middle of ticking rows or typing a search keeps what they were doing.
 */
(function () {
    "use strict";

    var notice = document.getElementById("queue-updates");
    if (!notice || !window.fetch) {
        return;
    }
    var url = notice.getAttribute("data-url");
    var since = notice.getAttribute("data-since");
    var every = parseInt(notice.getAttribute("data-every"), 10) || 30;
    var title = document.title;
    var text = notice.querySelector(".queue-updates-text");
    var show = notice.querySelector(".queue-updates-show");

    function shown(answer) {
        if (answer.new > 0) {
            document.title = "(" + answer.new + ") " + title;
            text.textContent = answer.notice + " \u2014 ";
            show.textContent = answer.show;
            notice.hidden = false;
        } else {
            document.title = title;
            notice.hidden = true;
        }
    }

    function ask() {
        var address = url + "?since=" + encodeURIComponent(since);
        window.fetch(address, {credentials: "same-origin", headers: {"Accept": "application/json"}})
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (answer) { if (answer) { shown(answer); } })
            .catch(function () { /* Offline for a moment: the next turn asks again. */ });
    }

    show.addEventListener("click", function (event) {
        event.preventDefault();
        window.location.reload();
    });
    window.setInterval(ask, every * 1000);
})();
