"""
The call centre's admin, one module per part: ``queue`` (the list of requests and one
request's page), ``actions`` (claim, assign, mark…, export, and their pages), ``display`` (how
a request is shown), ``desk`` (the top of one request's page, save and open the next),
``updates`` (the queue's new requests), ``filters``, ``forms``, ``dashboard``, ``languages``
(the languages each coordinator speaks) and ``results`` (the doctor's answer to a free assessment).
"""

from leads.admin.languages import CoordinatorLanguageAdmin
from leads.admin.queue import LeadAdmin
from leads.admin.results import AssessmentResultAdmin

__all__ = ["AssessmentResultAdmin", "CoordinatorLanguageAdmin", "LeadAdmin"]
