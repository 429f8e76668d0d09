from django.views.generic import DetailView, ListView

from clinic.models import Treatment


class TreatmentListView(ListView):
    template_name = "clinic/treatment_list.html"
    queryset = Treatment.objects.active()


class TreatmentDetailView(DetailView):
    template_name = "clinic/treatment_detail.html"
    queryset = Treatment.objects.active()
