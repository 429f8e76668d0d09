/*
 * The language suggestion: a visitor whose browser prefers one of the site's languages, on a
 * page in another, sees a small box in their language offering the page in it. The page
 * carries the text and the address for every language (#language-suggestions, from
 * clinic_site/templatetags/languages.py); the choice is made here, so the page itself is the
 * same for every visitor. Dismissing it is remembered in this browser (localStorage).
 */
(function () {
    "use strict";

    var DISMISSED = "clinic.languageSuggestion.dismissed";
    var data = document.getElementById("language-suggestions");
    if (!data || !window.JSON) {
        return;
    }
    var suggestions = JSON.parse(data.textContent);
    var pageLanguage = document.documentElement.lang;

    // The first of the browser's languages the site has: "de-DE" counts as "de".
    function preferredLanguage() {
        var wanted = navigator.languages && navigator.languages.length
            ? navigator.languages : [navigator.language || ""];
        for (var i = 0; i < wanted.length; i++) {
            var tag = String(wanted[i]).toLowerCase();
            if (Object.prototype.hasOwnProperty.call(suggestions, tag)) {
                return tag;
            }
            var primary = tag.split("-")[0];
            if (Object.prototype.hasOwnProperty.call(suggestions, primary)) {
                return primary;
            }
        }
        return null;
    }

    function dismissed() {
        try {
            return window.localStorage.getItem(DISMISSED) === "1";
        } catch (error) {  // storage blocked: show it, dismissing then lasts for this page only
            return false;
        }
    }

    function rememberDismissed() {
        try {
            window.localStorage.setItem(DISMISSED, "1");
        } catch (error) {
            // Nothing to do: the box is hidden on this page all the same.
        }
    }

    var main = document.getElementById("main");
    var language = preferredLanguage();
    if (!main || !language || language === pageLanguage || dismissed()) {
        return;
    }
    var suggestion = suggestions[language];

    var box = document.createElement("aside");
    box.className = "language-suggestion";
    box.lang = language;
    box.dir = suggestion.dir;
    box.setAttribute("aria-label", suggestion.label);

    var inner = document.createElement("div");
    inner.className = "container d-flex align-items-center gap-2 py-2";

    var text = document.createElement("p");
    text.className = "mb-0 flex-grow-1";
    text.appendChild(document.createTextNode(suggestion.text + " "));
    var link = document.createElement("a");
    link.href = suggestion.url;
    link.hreflang = language;
    link.textContent = suggestion.link;
    text.appendChild(link);

    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", suggestion.dismiss);
    close.addEventListener("click", function () {
        rememberDismissed();
        box.remove();
    });

    inner.appendChild(text);
    inner.appendChild(close);
    box.appendChild(inner);

    // After the header and its navigation, before the page's content: the skip link passes it.
    main.parentNode.insertBefore(box, main);
}());
