"""The dashboard's admin page: the call centre's figures (``leads.dashboard``) at a glance."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic_site.models import Clinic
from clinic_site.same_site import is_own_page, site_hosts
from leads.admin.display import page_label
from leads.dashboard import dashboard_figures


class DashboardMixin:
    """For ``LeadAdmin``: the dashboard page (its address is in ``LeadAdmin.get_urls``)."""

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        request.current_app = self.admin_site.name
        figures = dashboard_figures(now=timezone.now(), clinic=Clinic.load())
        hosts = site_hosts(request)
        for source in figures["top_sources"]:
            # Only this site's pages are linked; anything else is shown as text.
            source["is_own"] = is_own_page(source["url"], hosts=hosts)
            source["label"] = page_label(source["url"], own=source["is_own"])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Call centre at a glance"),
            "opts": self.opts,
            **figures,
        }
        return TemplateResponse(request, "admin/leads/dashboard.html", context)
