"""
The call centre's admin, one module per part: ``queue`` (the list of requests and one
request's page), ``actions`` (claim, assign, mark…, export, and their pages), ``display`` (how
a request is shown), ``filters``, ``forms``, ``dashboard`` and ``languages`` (the languages
each coordinator speaks).
"""

from leads.admin.languages import CoordinatorLanguageAdmin
from leads.admin.queue import LeadAdmin

__all__ = ["CoordinatorLanguageAdmin", "LeadAdmin"]
