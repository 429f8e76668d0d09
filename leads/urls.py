from django.urls import path

from leads import views

app_name = "leads"

urlpatterns = [
    path("callback/", views.callback, name="callback"),
    path("callback/thanks/", views.ThanksView.as_view(), name="thanks"),
]
