"""
The staff-only address of the assessment photos: the reader's permission is checked on every
request, and nothing is cached or indexed.

Who gets what, so that the address tells an outsider nothing:

- a visitor who is not signed in as staff: 404, as for any address that does not exist (a
  redirect to the login page would say there is something behind it);
- an unknown key or size, or a photo of a request the patient has not sent: 404 for everyone;
- staff who may not see patients' photos (``leads.view_patient_photos`` and
  ``leads.view_lead``: the call centre, doctors, superusers): 403;
- the others: the JPEG, streamed from the private storage, or, with a bucket and
  ``ASSESSMENT_PHOTO_SIGNED_URLS``, a redirect to the storage's own address for it, signed and
  good for ``ASSESSMENT_PHOTO_URL_SECONDS``.

Every photo shown is logged (the reader's and the photo's ids only: who looked at which health
record, with no personal data in the log).
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from leads.models import AssessmentPhoto

logger = logging.getLogger(__name__)

# What a reader needs to see a photo: the request it came with, and patients' photos.
PHOTO_PERMISSIONS = ("leads.view_patient_photos", "leads.view_lead")
# The name a saved copy gets: nothing about the patient, nor the photo's key.
FILE_NAMES = {"full": "assessment-photo.jpg", "thumb": "assessment-photo-small.jpg"}


@require_safe
def assessment_photo(request, key, size):
    """One assessment photo (``size`` "full" or "thumb"), to staff allowed to see it only."""
    user = request.user
    if not (user.is_active and user.is_staff) or size not in FILE_NAMES:
        raise Http404
    photo = (
        AssessmentPhoto.objects.filter(key=key, lead__isnull=False)
        .only("pk", "image", "thumbnail")
        .first()
    )
    if photo is None:
        raise Http404
    # Read from the database on every request (the user is loaded afresh for each one): a
    # permission taken away counts from the next photo.
    if not user.has_perms(PHOTO_PERMISSIONS):
        logger.info("Assessment photo %s refused to user %s", photo.pk, user.pk)
        raise PermissionDenied
    field = photo.image if size == "full" else photo.thumbnail
    if not field:
        raise Http404
    if settings.PRIVATE_STORAGE_BUCKET and settings.ASSESSMENT_PHOTO_SIGNED_URLS:
        # The bucket answers the signed address itself: it is told to send the same headers
        # (signed with the rest, so they cannot be changed on the way).
        parameters = {
            "ResponseCacheControl": "private, no-store",
            "ResponseContentType": "image/jpeg",
            "ResponseContentDisposition": f'inline; filename="{FILE_NAMES[size]}"',
        }
        response = HttpResponseRedirect(
            field.storage.url(
                field.name, parameters=parameters, expire=settings.ASSESSMENT_PHOTO_URL_SECONDS
            )
        )
    else:
        try:
            file = field.storage.open(field.name, "rb")
        except FileNotFoundError:
            logger.warning("Assessment photo %s has no %s file in the storage", photo.pk, size)
            raise Http404 from None
        response = FileResponse(file, content_type="image/jpeg", filename=FILE_NAMES[size])
    logger.info("Assessment photo %s (%s) shown to user %s", photo.pk, size, user.pk)
    return _private(response)


def _private(response):
    """Kept by no cache (the browser's included), indexed by no one, read as nothing but JPEG."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    patch_vary_headers(response, ["Cookie"])
    return response
