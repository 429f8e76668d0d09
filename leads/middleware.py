from leads.attribution import remember_visit


class VisitAttributionMiddleware:
    """Remembers the landing page's UTM tags and referrer for the call-back form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        remember_visit(request, response)
        return response
