/*
 * The call-back queue, kept current without a reload: every half minute the page asks the
 * queue's updates address (#queue-updates data-url) how many requests arrived since it was
 * drawn and how many are past their SLA, puts both in the tab's title
 * ("(3) 1 past its SLA · Call-back queue") and shows a notice with a link that reloads the list.
 * The words come translated in the answer (this script has no catalogue). #queue-updates is a
 * live region that stays in the page: only its content is hidden while there is nothing to
 * say, so a screen reader announces each change. Nothing here changes the list on its own: a
 * coordinator in the middle of ticking rows or typing a search keeps what they were doing.
 */
(function () {
    "use strict";

    var region = document.getElementById("queue-updates");
    if (!region || !window.fetch) {
        return;
    }
    var url = region.getAttribute("data-url");
    var since = region.getAttribute("data-since");
    var every = parseInt(region.getAttribute("data-every"), 10) || 30;
    var title = document.title;
    var notice = region.querySelector(".queue-updates");
    var text = region.querySelector(".queue-updates-text");
    var show = region.querySelector(".queue-updates-show");

    function shown(answer) {
        var said = [];
        var prefix = "";
        if (answer.new > 0) {
            said.push(answer.notice);
            prefix = "(" + answer.new + ") ";
        }
        if (answer.breached > 0) {
            said.push(answer.breached_notice);
            // First in the title: a narrow tab still shows it.
            prefix += answer.breached_notice + " \u00b7 ";
        }
        document.title = prefix + title;
        var words = said.length ? said.join(" \u00b7 ") + " \u2014 " : "";
        // The same words again are not a change: a screen reader is not told twice.
        if (text.textContent !== words) {
            text.textContent = words;
            show.textContent = answer.show;
        }
        notice.hidden = !said.length;
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
