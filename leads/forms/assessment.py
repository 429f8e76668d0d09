"""
The free assessment's form: the call-back form's fields plus a few about the hair, photos, and
the separate consent to process them as health data (GDPR art. 9, KVKK art. 6).
"""

import logging

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from clinic_site.models import Clinic
from leads.consent import health_consent_label
from leads.forms.callback import CallbackForm, clean_text
from leads.models import AssessmentPhoto, Lead
from leads.photos import photo_keep, photos_delete

logger = logging.getLogger(__name__)

# The photos kept from this request so far, in a hidden field: signed, so that a page can only
# name photos this site kept for it, and short-lived like an unsent photo itself.
KEPT_PHOTOS_SALT = "leads.assessment.kept-photos"

ANGLE_HINTS = {
    AssessmentPhoto.Angle.FRONT: _("Your hairline from the front: look straight at the camera."),
    AssessmentPhoto.Angle.TOP: _("The top of your head from above, chin down."),
    AssessmentPhoto.Angle.CROWN: _(
        "The crown, at the back of the top of your head: ask someone, or use a mirror."
    ),
    AssessmentPhoto.Angle.BACK: _(
        "The back of your head, where the grafts would be taken from (the donor area)."
    ),
    AssessmentPhoto.Angle.LEFT: _("Your head from the left, with the temple in view."),
    AssessmentPhoto.Angle.RIGHT: _("Your head from the right, with the temple in view."),
}


class MultiplePhotoInput(forms.ClearableFileInput):
    """Several files under one name (the page shows one input per angle, all named ``photos``)."""

    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """
    The photos sent in this post, as uploaded files: judged one by one by
    ``leads.photos.photo_keep``, which names the file it refuses. An input left empty is no file.
    """

    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        if not isinstance(data, list | tuple):
            data = [data] if data else []
        return [upload for upload in data if getattr(upload, "name", "")]


class AssessmentForm(CallbackForm):
    """
    The free assessment: the call-back form, the hair's details, photos and the health-data
    consent. Photos are read and kept while the form is checked (``clean``), before the rest is
    known to be right, so that a mistake elsewhere never costs the patient a photo: their keys
    travel in the signed hidden field ``kept_photos`` until the request is sent. Without the
    health-data consent no photo is read or kept.
    """

    email = forms.EmailField(
        label=_("Email (optional)"),
        help_text=_("We send the doctor's assessment here if you wish."),
        max_length=Lead._meta.get_field("email").max_length,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    age_range = forms.ChoiceField(
        label=_("Your age"),
        choices=[("", _("Choose…")), *Lead.AgeRange.choices],
        required=False,
    )
    hair_loss = forms.ChoiceField(
        label=_("How your hair loss looks"),
        choices=Lead.HairLoss.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    earlier_transplants = forms.ChoiceField(
        label=_("Hair transplants you have had"),
        choices=Lead.EarlierTransplants.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    photos = PhotosField(label=_("Photos"), required=False)
    health_consent = forms.BooleanField(required=False)
    kept_photos = forms.CharField(required=False, widget=forms.HiddenInput)
    # Filled in by static/js/assessment.js: the angle of each file sent, in order.
    photo_angles = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = [
        "name",
        "phone",
        "email",
        "age_range",
        "interest",
        "hair_loss",
        "earlier_transplants",
        "message",
        "photos",
        "health_consent",
        "preferred_time",
        "whatsapp_ok",
        "consent",
    ]
    # The photos' keys are the content the confirmation vouches for; how they travel is not.
    defence_fields = CallbackForm.defence_fields | {"kept_photos", "photo_angles"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["health_consent"].label = health_consent_label(clinic_name=Clinic.load().name)
        self.fields["interest"].label = _("Treatment you are thinking of")
        self._kept = None
        self.helper = self._helper()

    def _helper(self):
        helper = FormHelper(self)
        helper.form_action = reverse("leads:assessment")
        helper.form_method = "post"
        helper.disable_csrf = True  # posts are checked by origin (clinic_site/csrf.py)
        helper.form_id = "assessment-form"
        helper.form_class = "callback-form assessment-form"
        helper.attrs = {
            "data-max-photos": settings.ASSESSMENT_MAX_PHOTOS,
            "data-max-bytes": settings.ASSESSMENT_PHOTO_MAX_BYTES,
        }
        helper.layout = Layout(
            "name",
            "phone",
            "email",
            Div(
                Field("age_range", wrapper_class="col-sm-6"),
                Field("interest", wrapper_class="col-sm-6"),
                css_class="row",
            ),
            HTML('{% include "leads/includes/hair_loss_field.html" %}'),
            "earlier_transplants",
            "message",
            HTML('{% include "leads/includes/photos_field.html" %}'),
            "health_consent",
            "preferred_time",
            "whatsapp_ok",
            "consent",
            Field("website", wrapper_class="form-trap"),
            "form_started",
            "form_confirmed",
            "source_url",
            "kept_photos",
            "photo_angles",
            # A <button>, not an <input>: its words wrap on a narrow phone instead of being cut.
            StrictButton(
                _("Send my request") if self.confirming else _("Send for a free assessment"),
                type="submit",
                name="send",
                css_class="btn-primary btn-lg callback-submit",
            ),
        )
        return helper

    @property
    def error_summary(self):
        """As the call-back form's; a group of radio buttons is reached by its first one."""
        short_labels = {
            "consent": _("Consent"),
            "health_consent": _("Consent for your photos"),
        }
        anchors = {"hair_loss": "id_hair_loss_0", "earlier_transplants": "id_earlier_transplants_0"}
        return [
            (
                anchors.get(field.name) or field.id_for_label,
                short_labels.get(field.name, field.label),
                error,
            )
            for field in self.visible_fields()
            for error in field.errors
        ]

    @property
    def health_consent_text(self) -> str:
        """The health-data consent exactly as the patient read it, as plain text."""
        return strip_tags(str(self.fields["health_consent"].label))

    @property
    def angles(self):
        """(value, label, hint) of each angle, in the order the page asks for them."""
        return [(angle.value, angle.label, ANGLE_HINTS[angle]) for angle in AssessmentPhoto.Angle]

    @property
    def hair_loss_groups(self):
        """(id, label, [(index, value, label)]) for men's stages, women's, and "not sure"."""
        indexed = list(enumerate(Lead.HairLoss.choices))
        groups = [
            ("men", _("Men (Norwood)"), "norwood-"),
            ("women", _("Women (Ludwig)"), "ludwig-"),
            ("unsure", None, Lead.HairLoss.UNSURE),  # its option says it
        ]
        return [
            (
                group_id,
                label,
                [(i, value, text) for i, (value, text) in indexed if value.startswith(prefix)],
            )
            for group_id, label, prefix in groups
        ]

    @property
    def photo_max_count(self) -> int:
        return settings.ASSESSMENT_MAX_PHOTOS

    @property
    def photo_max_bytes(self) -> int:
        return settings.ASSESSMENT_PHOTO_MAX_BYTES

    @property
    def kept(self) -> list[AssessmentPhoto]:
        """The photos already kept from this request, as the page lists them."""
        if self._kept is None:
            self._kept = self._kept_photos(self._signed_keys())
        return self._kept

    def clean_email(self):
        return clean_text(self.cleaned_data["email"])

    def clean(self):
        # Before the spam checks: the confirmation token vouches for the photos' keys.
        self._clean_photos()
        return super().clean()

    def _clean_photos(self):
        kept = self._kept_photos(self._signed_keys())
        getlist = getattr(self.data, "getlist", None)
        removed = set(getlist("remove_photos")) if getlist else set()
        if removed:
            photos_delete([photo for photo in kept if str(photo.key) in removed])
            kept = [photo for photo in kept if str(photo.key) not in removed]
        uploads = self.cleaned_data.get("photos") or []
        if uploads and not self.cleaned_data.get("health_consent"):
            self.add_error(
                "health_consent",
                ValidationError(
                    _(
                        "Please agree so that our doctors may look at your photos. Without "
                        "this consent we do not keep them: choose them again once you agree."
                    ),
                    code="required",
                ),
            )
            uploads = []
        elif kept and not self.cleaned_data.get("health_consent"):
            self.add_error(
                "health_consent",
                ValidationError(
                    _("Please agree so that our doctors may look at your photos."),
                    code="required",
                ),
            )
        maximum = settings.ASSESSMENT_MAX_PHOTOS
        if len(kept) + len(uploads) > maximum:
            self.add_error(
                "photos",
                ValidationError(
                    _(
                        "You can send at most %(maximum)s photos. Please choose the ones "
                        "that show your hair best."
                    ),
                    code="too_many_photos",
                    params={"maximum": maximum},
                ),
            )
            uploads = []
        angles = self._angles(len(uploads))
        for upload, angle in zip(uploads, angles, strict=True):
            try:
                kept.append(photo_keep(upload, angle=angle))
            except ValidationError as error:
                self.add_error("photos", error)
            except Exception:  # noqa: BLE001 - the storage failed, not the patient
                # A full disk or an unreachable bucket must not cost the patient the rest of
                # the form: the page comes back with everything kept, this photo to send again.
                logger.exception("assessment form: a photo could not be stored")
                self.add_error(
                    "photos",
                    ValidationError(
                        _("We could not save %(name)s just now. Please send it again."),
                        code="photo_not_stored",
                        params={"name": upload.name},
                    ),
                )
        self._kept = kept
        keys = [str(photo.key) for photo in kept]
        # What the page sends next time: these photos, and no file or angle twice.
        self.data[self.add_prefix("kept_photos")] = signing.dumps(keys, salt=KEPT_PHOTOS_SALT)
        self.data[self.add_prefix("photo_angles")] = ""
        self.data.pop("remove_photos", None)
        if "photos" not in self._errors:
            self.cleaned_data["photos"] = keys

    def _signed_keys(self) -> list[str]:
        try:
            keys = signing.loads(
                self.data.get(self.add_prefix("kept_photos")) or "",
                salt=KEPT_PHOTOS_SALT,
                max_age=settings.ASSESSMENT_UNSENT_PHOTO_HOURS * 60 * 60,
            )
        except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
            return []
        if not isinstance(keys, list):
            return []
        return [str(key) for key in keys][: settings.ASSESSMENT_MAX_PHOTOS]

    @staticmethod
    def _kept_photos(keys: list[str]) -> list[AssessmentPhoto]:
        if not keys:
            return []
        photos = {
            str(photo.key): photo for photo in AssessmentPhoto.objects.unsent().filter(key__in=keys)
        }
        return [photos[key] for key in keys if key in photos]

    def _angles(self, count: int) -> list[str]:
        """The angle of each file sent, as the page's script wrote them; blank without it."""
        known = set(AssessmentPhoto.Angle.values)
        written = (self.data.get(self.add_prefix("photo_angles")) or "").split(",")
        angles = [angle.strip() if angle.strip() in known else "" for angle in written[:count]]
        return angles + [""] * (count - len(angles))
