from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    # The admin's section: "Call centre › Call-back requests" reads better than the model twice.
    verbose_name = _("Call centre")
    # See clinic_site/roles.py. Coordinators work requests: read and change them, log calls
    # and write notes, which are never changed afterwards; they see an assessment's photos
    # and send the doctor's answer. Nobody but superusers deletes.
    role_permissions = {
        "Call centre": [
            "leads.view_lead",
            "leads.change_lead",
            "leads.view_callattempt",
            "leads.add_callattempt",
            "leads.view_note",
            "leads.add_note",
            "leads.view_coordinatorlanguage",
            "leads.add_coordinatorlanguage",
            "leads.change_coordinatorlanguage",
            "leads.delete_coordinatorlanguage",
            "leads.view_assessmentphoto",
            "leads.view_patient_photos",
            "leads.view_assessmentresult",
        ],
        # Doctors read the requests and their photos and record the assessment; they may
        # leave a note, but the calls are the call centre's.
        "Doctors": [
            "leads.view_lead",
            "leads.view_callattempt",
            "leads.view_note",
            "leads.add_note",
            "leads.view_assessmentphoto",
            "leads.view_patient_photos",
            "leads.view_assessmentresult",
            "leads.add_assessmentresult",
            "leads.change_assessmentresult",
        ],
    }

    def ready(self):
        from django.db.models.signals import post_delete

        from leads.models import AssessmentPhoto
        from leads.photos import photo_files_delete_on_commit

        # Files are not rows: a cascade (a request deleted in the admin) deletes the photos'
        # rows without a word to us, so their files are deleted from here.
        post_delete.connect(
            photo_files_delete_on_commit,
            sender=AssessmentPhoto,
            dispatch_uid="leads.photo_files_delete_on_commit",
        )
