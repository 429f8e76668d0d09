from django.urls import path

from clinic_site.csrf import csrf_by_origin
from clinic_site.page_cache import public_page
from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path(
        "newsletter/subscribe/",
        public_page(csrf_by_origin(views.SubscribeView.as_view())),
        name="subscribe",
    ),
    path(
        "newsletter/subscribe/check-your-inbox/",
        views.CheckInboxView.as_view(),
        name="check-inbox",
    ),
    path(
        "newsletter/confirm/<str:token>/",
        csrf_by_origin(views.ConfirmView.as_view()),
        name="confirm",
    ),
    path(
        "newsletter/confirm/<str:token>/new-link/",
        csrf_by_origin(views.ResendConfirmationView.as_view()),
        name="confirm-resend",
    ),
    path(
        "newsletter/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"
    ),
]
