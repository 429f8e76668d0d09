from django.urls import path

from clinic.views import contact, results, reviews, treatments

app_name = "clinic"

urlpatterns = [
    path("treatments/", treatments.TreatmentListView.as_view(), name="treatments"),
    path("treatments/<slug:slug>/", treatments.TreatmentDetailView.as_view(), name="treatment"),
    path("results/", results.ResultListView.as_view(), name="results"),
    path("reviews/", reviews.ReviewListView.as_view(), name="reviews"),
    path("contact/", contact.ContactView.as_view(), name="contact"),
]
