"""
The site with its uploads served at /media/, for benchmarks/lighthouse.py only: in production
the web server in front serves MEDIA_ROOT (README, "Images"); a benchmark has none.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from clinic_site.wsgi import application as site

application = WhiteNoise(site)
application.add_files(settings.MEDIA_ROOT, prefix=settings.MEDIA_URL)
