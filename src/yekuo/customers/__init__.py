"""Customers (客户): people and enterprises who apply for electricity, with validated identity numbers."""
