from django.urls import path

from clinic_site.csrf import csrf_by_origin
from leads import views

app_name = "leads"

# The form pages answer the forms' posts and are never cached (they keep what a patient typed);
# every other page's forms post here from the shared cache, checked by origin.
urlpatterns = [
    path("callback/", csrf_by_origin(views.callback), name="callback"),
    path("callback/thanks/", views.ThanksView.as_view(), name="thanks"),
    path(
        "assessment/",
        csrf_by_origin(views.assessment),
        name="assessment",
    ),
    path("assessment/thanks/", views.AssessmentThanksView.as_view(), name="assessment-thanks"),
]
