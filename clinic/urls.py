from django.urls import path

from clinic.views import contact, results, reviews, treatments
from clinic_site.csrf import csrf_by_origin
from clinic_site.page_cache import public_page

app_name = "clinic"

urlpatterns = [
    path("treatments/", public_page(treatments.TreatmentListView.as_view()), name="treatments"),
    path(
        "treatments/<slug:slug>/",
        public_page(treatments.TreatmentDetailView.as_view()),
        name="treatment",
    ),
    path(
        "results/",
        public_page(results.ResultListView.as_view(), params=["page", "treatment"]),
        name="results",
    ),
    path(
        "reviews/",
        public_page(csrf_by_origin(reviews.ReviewListView.as_view()), params=["page"]),
        name="reviews",
    ),
    path("contact/", public_page(contact.ContactView.as_view()), name="contact"),
]
