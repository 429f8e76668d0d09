import os

from django.core.wsgi import get_wsgi_application

from clinic_site.media import serve_public_media

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings")

# Gunicorn serves the uploaded pictures itself only when no web server in front does
# (DJANGO_SERVE_MEDIA, set by make serve without caddy).
application = serve_public_media(get_wsgi_application())
