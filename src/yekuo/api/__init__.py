"""The JSON API for other systems and browser clients (django-ninja under /api/v1/)."""
