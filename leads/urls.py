from django.urls import path

from clinic_site.csrf import csrf_by_origin
from clinic_site.page_cache import public_page
from leads import views

app_name = "leads"

urlpatterns = [
    path("callback/", public_page(csrf_by_origin(views.callback)), name="callback"),
    path("callback/thanks/", views.ThanksView.as_view(), name="thanks"),
    path(
        "assessment/",
        public_page(csrf_by_origin(views.assessment), params=["treatment"]),
        name="assessment",
    ),
    path("assessment/thanks/", views.AssessmentThanksView.as_view(), name="assessment-thanks"),
]
