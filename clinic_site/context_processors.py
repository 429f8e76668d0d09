from clinic_site.models import Clinic


def clinic(request):
    """The clinic's identity and the page's canonical address, on every page."""
    return {
        "clinic": Clinic.load(),
        "canonical_url": request.build_absolute_uri(request.path),
    }
