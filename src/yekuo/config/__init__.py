"""Project configuration: settings from the environment, URL routes, the WSGI entry point."""
