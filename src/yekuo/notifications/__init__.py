"""Notifications: the in-app inbox of every account, and an outbox of deliveries by e-mail, SMS or console."""
