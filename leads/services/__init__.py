"""
Everything that changes call-back requests, one module per job: ``submission`` (a patient's
request arrives and is merged with repeats), ``notifications`` (staff hear of it), ``triage``
(coordinators claim, call and move it on) and ``retention`` (old personal data is removed).
Views, admin and commands call these; none of them re-implements a rule written here.
"""
