from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/subscribe/", views.SubscribeView.as_view(), name="subscribe"),
    path(
        "newsletter/subscribe/check-your-inbox/",
        views.CheckInboxView.as_view(),
        name="check-inbox",
    ),
    path("newsletter/confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path(
        "newsletter/confirm/<str:token>/new-link/",
        views.ResendConfirmationView.as_view(),
        name="confirm-resend",
    ),
    path(
        "newsletter/unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"
    ),
]
