from django.views.generic import ListView

from clinic.models import ResultCase


class ResultListView(ListView):
    template_name = "clinic/result_list.html"
    queryset = ResultCase.objects.published()
