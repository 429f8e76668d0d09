"""
The call centre's admin, one module per part: ``queue`` (the list of requests and one
request's page), ``actions`` (claim, assign, mark…, export, and their pages), ``display`` (how
a request is shown), ``filters``, ``forms``, ``dashboard`` and ``treatments``.
"""

from leads.admin.queue import LeadAdmin
from leads.admin.treatments import TreatmentAdmin

__all__ = ["LeadAdmin", "TreatmentAdmin"]
