"""The JSON API (django-ninja) under /api/v1/."""
