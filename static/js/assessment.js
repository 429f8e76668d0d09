/*
 * The free assessment's photos (templates/leads/includes/photos_field.html): a preview of
 * each photo chosen, a check of its size and of the count before anything is sent, the
 * health-data consent required as soon as a photo is chosen, and, on sending, a progress bar
 * while the photos travel (a phone on a slow connection may need a minute). The page then
 * shows what the server answered: the thanks page, or the form with its messages.
 *
 * The form works without this file: the photos are sent as they are and the server says what
 * is wrong; only the angle of each photo is then unknown.
 */
(function () {
    "use strict";

    var form = document.getElementById("assessment-form");
    var fieldset = document.getElementById("assessment-photos");
    if (!form || !fieldset || !window.FormData || !window.XMLHttpRequest) {
        return;
    }
    var maxPhotos = parseInt(form.getAttribute("data-max-photos"), 10) || 6;
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 15 * 1024 * 1024;
    // Each angle's input; the camera's second way to it (data-camera-for) hands its photo over.
    var inputs = Array.prototype.slice.call(
        fieldset.querySelectorAll('input[type="file"][name="photos"]:not([data-camera-for])')
    );
    var cameras = Array.prototype.slice.call(
        fieldset.querySelectorAll('input[type="file"][data-camera-for]')
    );
    var check = document.getElementById("assessment-photo-check");
    var consent = document.getElementById("id_health_consent");
    var angles = form.querySelector('input[name="photo_angles"]');
    var status = document.getElementById("assessment-status");
    var upload = document.getElementById("assessment-upload");
    var progress = document.getElementById("assessment-progress");
    var ACCEPTED = /\.(jpe?g|png|webp|hei[cf])$/i;

    function message(name) {
        return fieldset.getAttribute("data-message-" + name) || "";
    }

    function say(text) {
        check.textContent = text;
    }

    function keptCount() {
        var kept = fieldset.querySelectorAll('input[name="remove_photos"]');
        var count = 0;
        for (var i = 0; i < kept.length; i++) {
            if (!kept[i].checked) {
                count += 1;
            }
        }
        return count;
    }

    function chosen() {
        return inputs.filter(function (input) {
            return input.files && input.files.length > 0;
        });
    }

    function preview(input) {
        var box = input.parentNode.querySelector(".assessment-preview");
        if (box.firstChild && box.firstChild.tagName === "IMG") {
            URL.revokeObjectURL(box.firstChild.src);
        }
        box.textContent = "";
        if (!input.files || !input.files.length) {
            box.hidden = true;
            return;
        }
        var file = input.files[0];
        var image = document.createElement("img");
        // The file's name says what it is; a HEIC photo that this browser cannot show keeps
        // only its name.
        image.alt = "";
        image.className = "assessment-preview-image";
        image.src = URL.createObjectURL(file);
        image.onerror = function () {
            image.hidden = true;
        };
        var name = document.createElement("span");
        name.className = "assessment-preview-name";
        name.textContent = file.name;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn btn-sm btn-outline-dark";
        remove.textContent = message("remove");
        remove.addEventListener("click", function () {
            input.value = "";
            preview(input);
            update();
            input.focus();
        });
        box.appendChild(image);
        box.appendChild(name);
        box.appendChild(remove);
        box.hidden = false;
    }

    function update() {
        var needed = chosen().length > 0 || keptCount() > 0;
        if (consent) {
            consent.required = needed;
            consent.setCustomValidity(needed && !consent.checked ? message("consent") : "");
        }
    }

    function refuse(input, text) {
        input.value = "";
        preview(input);
        say(text);
    }

    function checkFile(input) {
        say("");
        if (!input.files || !input.files.length) {
            preview(input);
            return;
        }
        var file = input.files[0];
        var isImage = /^image\//.test(file.type) || ACCEPTED.test(file.name);
        if (!isImage) {
            refuse(input, message("not-image").replace("{name}", file.name));
        } else if (file.size > maxBytes) {
            refuse(input, message("too-large").replace("{name}", file.name));
        } else if (chosen().length + keptCount() > maxPhotos) {
            refuse(input, message("too-many"));
        } else {
            preview(input);
        }
    }

    inputs.forEach(function (input) {
        input.addEventListener("change", function () {
            checkFile(input);
            update();
        });
    });
    cameras.forEach(function (camera) {
        camera.addEventListener("change", function (event) {
            event.stopPropagation();
            var input = document.getElementById(camera.getAttribute("data-camera-for"));
            if (!input || !camera.files || !camera.files.length || !window.DataTransfer) {
                // Without DataTransfer the photo stays in the camera's input and is sent from
                // there: only its angle is then unknown.
                return;
            }
            var transfer = new DataTransfer();
            transfer.items.add(camera.files[0]);
            input.files = transfer.files;
            camera.value = "";
            checkFile(input);
            update();
        });
    });
    fieldset.addEventListener("change", function (event) {
        if (event.target.name === "remove_photos") {
            update();
        }
    });
    if (consent) {
        consent.addEventListener("change", update);
    }
    update();

    function announce(text) {
        status.textContent = text;
    }

    function show(html) {
        // The server's page (the form with its messages, or an error page) in place of this
        // one, at the same address, as a page sent without this script would be.
        document.open();
        document.write(html);
        document.close();
    }

    form.addEventListener("submit", function (event) {
        var files = chosen();
        if (angles) {
            angles.value = files.map(function (input) {
                return input.parentNode.getAttribute("data-angle");
            }).join(",");
        }
        if (!files.length) {
            return; // nothing to wait for: the browser sends the form itself
        }
        event.preventDefault();
        var button = form.querySelector('[type="submit"]');
        var data = new FormData(form);
        var request = new XMLHttpRequest();
        var lastAnnounced = -25;
        button.disabled = true;
        upload.hidden = false;
        progress.value = 0;
        request.upload.addEventListener("progress", function (progressEvent) {
            if (!progressEvent.lengthComputable) {
                return;
            }
            var percent = Math.floor((progressEvent.loaded / progressEvent.total) * 100);
            progress.value = percent;
            progress.setAttribute("aria-valuenow", String(percent));
            if (percent - lastAnnounced >= 25) {
                lastAnnounced = percent;
                announce(status.getAttribute("data-message-sending").replace("{percent}", percent + "%"));
            }
        });
        request.upload.addEventListener("load", function () {
            progress.value = 100;
            announce(status.getAttribute("data-message-sent"));
        });
        request.addEventListener("load", function () {
            // Sent on to another page (the thanks page): go there. Answered at this address
            // (mistakes, the confirmation step, a refusal): show that answer.
            var sentTo = new URL(form.action, window.location.href).href;
            if (request.status < 400 && request.responseURL && request.responseURL !== sentTo) {
                window.location.assign(request.responseURL);
            } else {
                show(request.responseText);
            }
        });
        request.addEventListener("error", function () {
            button.disabled = false;
            upload.hidden = true;
            announce(status.getAttribute("data-message-failed"));
            say(status.getAttribute("data-message-failed"));
        });
        request.open("POST", form.action);
        request.send(data);
    });
}());
