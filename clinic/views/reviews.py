from django.views.generic import ListView

from clinic.models import Review


class ReviewListView(ListView):
    template_name = "clinic/review_list.html"
    queryset = Review.objects.published()
