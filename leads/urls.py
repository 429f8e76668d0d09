from django.urls import path

from leads import views

app_name = "leads"

urlpatterns = [
    path("callback/", views.callback, name="callback"),
    path("callback/thanks/", views.ThanksView.as_view(), name="thanks"),
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/thanks/", views.AssessmentThanksView.as_view(), name="assessment-thanks"),
]
